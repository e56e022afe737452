/** Kysely table types. Each module adds its tables in its own file and joins them here. */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

export interface RegistryPersonsTable {
  personal_number: string;
  given_name: string;
  family_name: string;
  protected_identity: Generated<boolean>;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  municipality: string | null;
  deceased: Generated<boolean>;
}

export interface RegistryGuardianshipsTable {
  guardian_pnr: string;
  child_pnr: string;
}

export interface OpeningHours {
  /** ISO weekday 1 (Monday) … 7 (Sunday). */
  day: number;
  opens: string;
  closes: string;
}

export interface UnitsTable {
  id: string;
  hsa_id: string;
  name: string;
  kind: 'vardcentral' | 'hospital_clinic' | 'bvc' | 'maternity' | 'vaccinator' | 'other';
  provider_type: 'public' | 'private';
  street: string;
  postal_code: string;
  city: string;
  municipality: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  email: string | null;
  website: string | null;
  description: Generated<string>;
  opening_hours: Json<OpeningHours[]>;
  services: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonsTable {
  id: string;
  personal_number: string;
  given_name: string;
  family_name: string;
  protected_identity: Generated<boolean>;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  municipality: string | null;
  listed_unit_id: string | null;
  email: string | null;
  email_verified_at: NullableTimestamp;
  phone: string | null;
  notify_email: Generated<boolean>;
  notify_sms: Generated<boolean>;
  notify_push: Generated<boolean>;
  locale: Generated<'sv' | 'en'>;
  registry_synced_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffTable {
  id: string;
  oidc_subject: string;
  hsa_id: string;
  given_name: string;
  family_name: string;
  email: string;
  title: Generated<string>;
  region_admin: Generated<boolean>;
  support_role: 'first_line' | 'second_line' | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type UnitRole = 'clinician' | 'booking_admin' | 'unit_admin';

export interface StaffUnitRolesTable {
  staff_id: string;
  unit_id: string;
  role: UnitRole;
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  kind: 'citizen' | 'staff';
  person_id: string | null;
  staff_id: string | null;
  active_unit_id: string | null;
  csrf_token: string;
  idle_seconds: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface BankIdOrdersTable {
  order_ref: string;
  qr_start_token: string;
  qr_start_secret: string;
  started_at: Timestamp;
  end_user_ip: string;
  completed_at: NullableTimestamp;
}

export interface EmailVerificationsTable {
  token_hash: string;
  person_id: string;
  email: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: Json<unknown>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: NullableTimestamp;
  last_error: string | null;
  done_at: NullableTimestamp;
  /** Set (with done_at) when the job gave up after max_attempts (migration 040). */
  failed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface DevMailboxTable {
  id: string;
  received_at: Timestamp;
  mail_from: string;
  mail_to: string;
  subject: string;
  text_body: string;
  html_body: string | null;
}

export interface DevSmsOutboxTable {
  id: string;
  sent_at: Timestamp;
  sms_to: string;
  sms_from: string;
  body: string;
  /** The 'sms.send' job that put it here (migration 341), unique. */
  job_id: string | null;
}

/** SMS events already queued (migration 341): at most one SMS per key. */
export interface SmsOnceTable {
  key: string;
  created_at: Timestamp;
}

export interface ChangeLogTable {
  id: string;
  at: Timestamp;
  actor_staff_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: Json<Record<string, { from: unknown; to: unknown }>>;
  /** The care unit the change belongs to (migration 030); optional for other modules' entries. */
  unit_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditLogTable {
  id: string;
  at: Timestamp;
  actor_kind: 'citizen' | 'staff' | 'support' | 'system';
  actor_person_id: string | null;
  actor_staff_id: string | null;
  actor_role: string | null;
  unit_id: string | null;
  subject_person_id: string;
  action: string;
  record_type: string;
  record_id: string | null;
  purpose: string;
  /** Position in the subject's hash chain (migration 050). */
  seq: number;
  /** Null only on rows written before migration 050 (not covered by the chain). */
  prev_hash: string | null;
  hash: string | null;
  on_behalf_of_relation: 'guardian' | 'ombud' | null;
  flagged: Generated<boolean>;
  reason: string | null;
}

/** The last entry of each subject's audit chain (migration 050); its row lock serializes one patient's writers. */
export interface AuditChainHeadsTable {
  subject_person_id: string;
  last_seq: number;
  last_hash: string;
  prev_hash: string;
}

/** Region administrators' searches of the audit log (migration 050). */
export interface AuditSearchesTable {
  id: string;
  at: Timestamp;
  staff_id: string;
  filters: Json<Record<string, string>>;
  result_count: number;
}

/** Pending staff OIDC logins (migration 020): PKCE verifier, state and nonce kept server-side. */
export interface StaffLoginRequestsTable {
  id_hash: string;
  code_verifier: string;
  state: string;
  nonce: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Care relationships registered by staff (migration 060). */
export interface CareRelationshipsTable {
  id: string;
  unit_id: string;
  person_id: string;
  reason: string;
  registered_by: string;
  created_at: Timestamp;
  ends_at: NullableTimestamp;
}

/** Emergency accesses, "nödåtkomst" (migration 060). */
export interface EmergencyAccessesTable {
  id: string;
  unit_id: string;
  staff_id: string;
  person_id: string;
  reason: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  reviewed_at: NullableTimestamp;
  reviewed_by: string | null;
  review_note: string | null;
  /** 'outreach' (migration 140): an invitation sent without a relationship, followed up here, opening nothing. */
  kind: Generated<'emergency' | 'outreach'>;
}

/** Refused attempts to open a patient's data (migration 060). */
export interface AccessRefusalsTable {
  id: string;
  at: Timestamp;
  staff_id: string | null;
  unit_id: string | null;
  subject_person_id: string | null;
  subject_personal_number: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  purpose: string;
  reason: string;
  /** A citizen's refused attempt to act for someone (migration 070). */
  actor_person_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Ombud grants (migration 070). */
export interface ProxyGrantsTable {
  id: string;
  grantor_person_id: string;
  ombud_person_id: string;
  scopes: ColumnType<string[], string[], string[]>;
  expires_at: Timestamp;
  status: 'pending' | 'active' | 'ended';
  created_at: Timestamp;
  accepted_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  ended_by: 'grantor' | 'ombud' | 'expiry' | null;
  registered_by_staff_id: string | null;
  registered_unit_id: string | null;
  registration_reason: string | null;
}

export interface DB extends TimebookTables, SupportTables {
  registry_persons: RegistryPersonsTable;
  registry_guardianships: RegistryGuardianshipsTable;
  units: UnitsTable;
  persons: PersonsTable;
  staff: StaffTable;
  staff_unit_roles: StaffUnitRolesTable;
  sessions: SessionsTable;
  bankid_orders: BankIdOrdersTable;
  email_verifications: EmailVerificationsTable;
  jobs: JobsTable;
  dev_mailbox: DevMailboxTable;
  dev_sms_outbox: DevSmsOutboxTable;
  sms_once: SmsOnceTable;
  change_log: ChangeLogTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_searches: AuditSearchesTable;
  staff_login_requests: StaffLoginRequestsTable;
  care_relationships: CareRelationshipsTable;
  emergency_accesses: EmergencyAccessesTable;
  access_refusals: AccessRefusalsTable;
  proxy_grants: ProxyGrantsTable;
  // invitations and offers (migration 110)
  invitations: InvitationsTable;
  risk_flags: RiskFlagsTable;
  offer_target_uploads: OfferTargetUploadsTable;
  offers: OffersTable;
  offer_targets: OfferTargetsTable;
  // video meetings (migration 130)
  video_meetings: VideoMeetingsTable;
  video_participants: VideoParticipantsTable;
  video_events: VideoEventsTable;
  // several instances (migration 150)
  cluster_instances: ClusterInstancesTable;
  video_rooms: VideoRoomsTable;
  video_live: VideoLiveTable;
}

// ---- invitations and offers (migration 110, modules/invitations + modules/offers) ----

export interface InvitationsTable {
  id: string;
  unit_id: string;
  person_id: string;
  kind: 'fixed_time' | 'book_within_period';
  time_type_id: string;
  slot_id: string | null;
  period_from: ColumnType<string | Date | null, string | null | undefined, string | null>;
  period_to: ColumnType<string | Date | null, string | null | undefined, string | null>;
  instructions: Generated<string>;
  form_version_id: string | null;
  form_answers: ColumnType<unknown, string | null | undefined, string | null>;
  status: 'proposed' | 'pending' | 'booked' | 'declined' | 'cancelled';
  participant_status: 'needs-action' | 'accepted' | 'declined' | 'tentative';
  booking_id: string | null;
  booked_slot_id: string | null;
  patient_note: string | null;
  respond_by: Timestamp;
  reminded_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  cancel_reason: string | null;
  created_by_staff_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RiskFlagsTable {
  id: string;
  unit_id: string;
  person_id: string;
  risk_group: string;
  created_by_staff_id: string;
  created_at: Timestamp;
  removed_at: NullableTimestamp;
  removed_by_staff_id: string | null;
}

export interface OfferTargetUploadsTable {
  token: string;
  unit_id: string;
  staff_id: string;
  person_ids: Json<string[]>;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OffersTable {
  id: string;
  unit_id: string;
  time_type_id: string;
  title: string;
  description: Generated<string>;
  status: 'draft' | 'published' | 'closed';
  target_kind: 'criteria' | 'list';
  listed_at_unit: Generated<boolean>;
  min_age: number | null;
  max_age: number | null;
  risk_group: string | null;
  upload_token: string | null;
  list_size: number | null;
  has_reserved: Generated<boolean>;
  valid_until: ColumnType<string | Date | null, string | null | undefined, string | null>;
  created_by_staff_id: string;
  created_at: Timestamp;
  published_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

export interface OfferTargetsTable {
  offer_id: string;
  person_id: string;
  notified_at: NullableTimestamp;
  booking_id: string | null;
  created_at: Timestamp;
}

// ---- timebook and booking (migration 100) ----

export interface HealthFormsTable {
  id: string;
  name: string;
  created_at: Timestamp;
  retired_at: NullableTimestamp;
}

export interface HealthFormVersionsTable {
  id: string;
  form_id: string;
  version: number;
  definition: Json<unknown>;
  created_by_staff_id: string | null;
  created_at: Timestamp;
}

export interface TimeTypesTable {
  id: string;
  code: string;
  name_sv: string;
  name_en: string;
  duration_minutes: number;
  mode: 'on_site' | 'video' | 'phone';
  places_per_slot: number;
  self_bookable: Generated<boolean>;
  form_id: string | null;
  min_age: number | null;
  max_age: number | null;
  one_active_booking: Generated<boolean>;
  dose_group: string | null;
  min_days_since_dose: number | null;
  cancel_cutoff_minutes: Generated<number>;
  retired_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TimeTypeUnitsTable {
  time_type_id: string;
  unit_id: string;
}

export interface ReleaseRulesTable {
  id: string;
  time_type_id: string;
  /** ISO date (YYYY-MM-DD). */
  born_on_or_before: ColumnType<string | null, string | null | undefined, string | null>;
  min_age: number | null;
  opens_at: Timestamp;
  paused_at: NullableTimestamp;
  created_by_staff_id: string | null;
  created_at: Timestamp;
}

export interface SlotBatchesTable {
  id: string;
  unit_id: string;
  time_type_id: string;
  pattern: Json<unknown>;
  created_by_staff_id: string | null;
  created_at: Timestamp;
}

export interface SlotsTable {
  id: string;
  unit_id: string;
  time_type_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  booked: Generated<number>;
  /** booked >= capacity, generated by the database (migration 375): the `slots_free` predicate. */
  sold_out: GeneratedAlways<boolean>;
  visible_from: Timestamp;
  reserved_for: string | null;
  batch_id: string | null;
  withdrawn_at: NullableTimestamp;
  created_at: Timestamp;
}

export type BookingStatus = 'booked' | 'arrived' | 'completed' | 'no_show' | 'cancelled';

export interface BookingsTable {
  id: string;
  slot_id: string;
  person_id: string;
  time_type_id: string;
  unit_id: string;
  status: BookingStatus;
  active_key: string | null;
  booked_by_person_id: string | null;
  booked_by_staff_id: string | null;
  on_behalf_relation: 'guardian' | 'ombud' | null;
  form_version_id: string | null;
  form_answers: ColumnType<unknown, string | null | undefined, string | null>;
  answers_locked_at: NullableTimestamp;
  rebooked_from_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  cancelled_at: NullableTimestamp;
  cancel_reason: string | null;
  arrived_at: NullableTimestamp;
  completed_at: NullableTimestamp;
}

export interface DoseRecordsTable {
  id: string;
  person_id: string;
  dose_group: string;
  given_at: Timestamp;
  booking_id: string | null;
  unit_id: string | null;
  recorded_by_staff_id: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  actor_key: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface TimebookTables {
  health_forms: HealthFormsTable;
  health_form_versions: HealthFormVersionsTable;
  time_types: TimeTypesTable;
  time_type_units: TimeTypeUnitsTable;
  release_rules: ReleaseRulesTable;
  slot_batches: SlotBatchesTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  dose_records: DoseRecordsTable;
  idempotency_keys: IdempotencyKeysTable;
}

// ---- video meetings (migration 130, modules/video) ----

export interface VideoMeetingsTable {
  id: string;
  kind: 'one_to_one' | 'multi_party' | 'group';
  title: string;
  unit_id: string | null;
  patient_person_id: string | null;
  booking_id: string | null;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  status: Generated<'scheduled' | 'open' | 'ended'>;
  locked: Generated<boolean>;
  created_by_staff_id: string | null;
  created_at: Timestamp;
  ended_at: NullableTimestamp;
}

export interface VideoParticipantsTable {
  id: string;
  meeting_id: string;
  kind: 'staff' | 'citizen' | 'guest';
  staff_id: string | null;
  person_id: string | null;
  for_person_id: string | null;
  role: 'host' | 'participant' | 'guest';
  relation: 'clinician' | 'patient' | 'guardian' | 'interpreter' | 'relative' | 'colleague' | 'other';
  display_name: string;
  guest_token_hash: string | null;
  guest_expires_at: NullableTimestamp;
  ticket_hash: string | null;
  removed_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface VideoEventsTable {
  id: string;
  meeting_id: string;
  participant_id: string;
  event: 'waiting' | 'admitted' | 'denied' | 'joined' | 'left' | 'removed' | 'ended';
  at: Timestamp;
}

// ---- secure messages (migration 120, server/src/modules/messaging) ----

export interface MessagingSettingsTable {
  unit_id: string;
  patient_mode: 'start' | 'reply' | 'none';
  target_working_days: number;
  updated_by_staff_id: string | null;
  updated_at: Timestamp;
}

export interface MessagingTopicsTable {
  id: string;
  unit_id: string;
  label_sv: string;
  label_en: string;
  position: number;
  retired_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MessagingTemplatesTable {
  id: string;
  unit_id: string;
  title: string;
  body: string;
  created_by_staff_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface ConversationsTable {
  id: string;
  unit_id: string;
  patient_id: string;
  topic_id: string | null;
  subject: string;
  status: 'new' | 'assigned' | 'waiting_for_patient' | 'closed';
  allow_reply_when_closed: Generated<boolean>;
  assignee_staff_id: string | null;
  started_by: 'patient' | 'staff';
  last_seq: Generated<number>;
  last_visible_seq: Generated<number>;
  last_activity_at: Timestamp;
  last_preview: Generated<string>;
  last_unit_activity_at: Timestamp;
  patient_read_seq: Generated<number>;
  patient_read_at: NullableTimestamp;
  unit_read_seq: Generated<number>;
  unit_read_at: NullableTimestamp;
  waiting_since: NullableTimestamp;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface ConversationMessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  internal: Generated<boolean>;
  author_kind: 'patient' | 'representative' | 'staff';
  author_person_id: string | null;
  author_staff_id: string | null;
  body: string;
  client_id: string | null;
  created_at: Timestamp;
}

export interface MessageAttachmentsTable {
  id: string;
  storage_key: string;
  message_id: string | null;
  conversation_id: string | null;
  uploaded_by_person_id: string | null;
  subject_person_id: string | null;
  uploaded_by_staff_id: string | null;
  unit_id: string | null;
  filename: string;
  content_type: 'image/jpeg' | 'image/png' | 'application/pdf';
  size_bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  created_at: Timestamp;
  /** Held by another module's record (a triage answer) instead of a message. */
  held_by: 'triage' | null;
  held_ref: string | null;
}

export interface PushSubscriptionsTable {
  id: string;
  person_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Timestamp;
  last_success_at: NullableTimestamp;
}

export interface MessagingVapidKeysTable {
  id: number;
  public_key: string;
  private_key: string;
  created_at: Timestamp;
}

/** Merged into DB (interface declaration merging keeps this module's tables in one block). */
export interface DB {
  messaging_settings: MessagingSettingsTable;
  messaging_topics: MessagingTopicsTable;
  messaging_templates: MessagingTemplatesTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  message_attachments: MessageAttachmentsTable;
  push_subscriptions: PushSubscriptionsTable;
  messaging_vapid_keys: MessagingVapidKeysTable;
}

export interface WaitingRoomsTable {
  id: string;
  scope: 'app' | 'time_type';
  time_type_id: string | null;
  origin: 'manual' | 'auto';
  admission: 'rate' | 'capacity';
  rate_per_minute: number;
  capacity: number;
  admitted_valid_seconds: number;
  prequeue_opens_at: Timestamp;
  release_at: Timestamp;
  seed: string;
  seed_sha256: string;
  prequeue_count: number | null;
  base_serving: Generated<number>;
  base_at: Timestamp;
  paused_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  created_by_staff_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Migration 310: proof-of-work bits per new place (null: the configured default). */
  pow_bits: Generated<number | null>;
  /** Migration 311: rate mode follows the load (rate_per_minute is then the ceiling). */
  pace_auto: Generated<boolean>;
  paced_rate_per_minute: Generated<number | null>;
  paced_capacity: Generated<number | null>;
}

export interface WaitingRoomSecretsTable {
  id: number;
  secret: string;
  created_at: Generated<Date>;
}

export interface WaitingRoomSamplesTable {
  room_id: string;
  at: Timestamp;
  arrivals: number;
  serving: number;
  admitted: number;
  completed: number;
}

/** The waiting room's tables (issue 15). */
export interface DB {
  waiting_rooms: WaitingRoomsTable;
  waiting_room_secrets: WaitingRoomSecretsTable;
  waiting_room_samples: WaitingRoomSamplesTable;
}

// ---- several instances (migration 150, platform/cluster.ts + modules/video) ----

export interface ClusterInstancesTable {
  id: string;
  started_at: Date;
  seen_at: Date;
  draining: Generated<boolean>;
}

export interface VideoRoomsTable {
  meeting_id: string;
  owner_instance: string;
  spotlight: string | null;
  claimed_at: Date;
}

export interface VideoLiveTable {
  participant_id: string;
  meeting_id: string;
  state: 'waiting' | 'in_meeting';
  audio: boolean;
  video: boolean;
  screen: boolean;
  muted_by_host: Generated<boolean>;
  since: Date;
}

// ---- citizen support (migration 180, modules/support) ----

export interface SupportTables {
  support_agents: {
    staff_id: string;
    available: Generated<boolean>;
    max_concurrent: Generated<number>;
    last_assigned_at: NullableTimestamp;
    updated_at: Timestamp;
    /** The locales the agent answers in (migration 350). */
    languages: Generated<string[]>;
  };
  support_cases: SupportCasesTable;
  support_messages: {
    id: string;
    case_id: string;
    author_kind: 'citizen' | 'agent' | 'system' | 'note';
    author_staff_id: string | null;
    body: string;
    channel: 'chat' | 'web' | 'email' | 'internal';
    message_id: string | null;
    attachments_refused: Generated<number>;
    created_at: Timestamp;
  };
  support_standard_answers: {
    id: string;
    shortcut: string;
    title: string;
    body: string;
    version: Generated<number>;
    last_reviewed_at: Timestamp;
    updated_by_staff_id: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    retired_at: NullableTimestamp;
  };
  support_standard_answer_versions: {
    answer_id: string;
    version: number;
    title: string;
    body: string;
    saved_by_staff_id: string | null;
    saved_at: Timestamp;
  };
  support_articles: {
    id: string;
    slug: string;
    locale: 'sv' | 'en';
    title: string;
    body: string;
    keywords: Generated<string>;
    status: 'draft' | 'published';
    published_at: NullableTimestamp;
    updated_by_staff_id: string | null;
    updated_at: Timestamp;
    version: Generated<number>;
    last_reviewed_at: NullableTimestamp;
  };
  support_article_versions: {
    article_id: string;
    version: number;
    title: string;
    body: string;
    keywords: string;
    status: 'draft' | 'published';
    saved_by_staff_id: string | null;
    saved_at: Timestamp;
  };
  support_secrets: { id: number; secret: string };
  support_rating_tokens: { nonce: string; case_id: string; expires_at: Timestamp; used_at: NullableTimestamp };
  support_info_posts: { id: string; title: string; body: string; author_staff_id: string; created_at: Timestamp };
  support_info_reads: { post_id: string; staff_id: string; read_at: Timestamp };
  support_deviations: {
    id: string;
    category: 'technical' | 'operational' | 'supply';
    description: string;
    reported_by_staff_id: string;
    status: 'new' | 'acknowledged' | 'forwarded';
    acknowledged_by_staff_id: string | null;
    acknowledged_at: NullableTimestamp;
    forwarded_to: string | null;
    forwarded_at: NullableTimestamp;
    created_at: Timestamp;
  };
  support_deviation_cases: { deviation_id: string; case_id: string };
  support_inbound_mail: {
    id: string;
    received_at: Timestamp;
    verdict: string;
    case_id: string | null;
    mail_from: string;
    subject: string;
    quarantined_text: string | null;
  };
  support_mail_sent: { id: string; address: string; case_id: string; message_id: string; sent_at: Timestamp };
}

export interface SupportCasesTable {
  id: string;
  reference: string;
  channel: 'chat' | 'web' | 'email';
  status: 'new' | 'open' | 'waiting' | 'escalated' | 'closed' | 'merged';
  person_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  subject: string;
  locale: Generated<'sv' | 'en'>;
  assignee_staff_id: string | null;
  offered_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  escalation_note: string | null;
  created_at: Timestamp;
  first_answer_due_at: NullableTimestamp;
  first_answer_at: NullableTimestamp;
  first_answer_open_minutes: number | null;
  breach_escalated_at: NullableTimestamp;
  waiting_since: NullableTimestamp;
  last_activity_at: Timestamp;
  closed_at: NullableTimestamp;
  merged_into_id: string | null;
  mail_refs: ColumnType<string[], string[] | undefined, string[]>;
  mail_no_reply_reason: string | null;
  /** Agents who declined the offer of this case (migration 350): not offered it again. */
  declined_by: Generated<string[]>;
  rating: number | null;
  rating_comment: string | null;
  rated_at: NullableTimestamp;
}

// ---- birth-clinic wish (migration 170, modules/birth-clinic) ----

export interface BirthClinicsTable {
  id: string;
  unit_id: string;
  short_name: string;
  description_sv: Generated<string>;
  description_en: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface BirthCapacityPlansTable {
  clinic_id: string;
  year: number;
  births: number;
  updated_at: Timestamp;
  updated_by_staff_id: string | null;
}

export interface BirthCapacityWeeksTable {
  clinic_id: string;
  week: string;
  capacity: ColumnType<number | null, number | null | undefined, number | null>;
  closed: Generated<boolean>;
  reason: Generated<string>;
  updated_at: Timestamp;
  updated_by_staff_id: string | null;
}

export type AllocationBasis = 'kept' | 'wish' | 'nearest' | 'over_plan' | 'none' | 'override';

export interface PregnanciesTable {
  id: string;
  person_id: string;
  antenatal_unit_id: string;
  due_date: string;
  delivery_week: string;
  cutoff_at: Timestamp;
  status: 'active' | 'ended';
  registered_at: Timestamp;
  registered_by_staff_id: string | null;
  wish_clinic_ids: Generated<string[]>;
  wishes_version: Generated<number>;
  wishes_updated_at: NullableTimestamp;
  wishes_updated_by: 'citizen' | 'staff' | null;
  wishes_reason: string | null;
  allocated_clinic_id: string | null;
  allocation_basis: AllocationBasis | null;
  allocation_rank: number | null;
  allocation_reason: string | null;
  allocation_run_id: string | null;
  allocated_at: NullableTimestamp;
  told_at: NullableTimestamp;
  reminded_at: NullableTimestamp;
  override_reason: string | null;
  override_by_staff_id: string | null;
  ended_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface BirthAllocationRunsTable {
  id: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  considered: number;
  changed: number;
  told: number;
  moved: number;
  first_wish_share: number;
  fallback_share: number;
  trigger: string;
}

/** Merged into DB (declaration merging keeps this module's tables in one block). */
export interface DB {
  birth_clinics: BirthClinicsTable;
  birth_capacity_plans: BirthCapacityPlansTable;
  birth_capacity_weeks: BirthCapacityWeeksTable;
  pregnancies: PregnanciesTable;
  birth_allocation_runs: BirthAllocationRunsTable;
}

// ---- FHIR feed, exports and open data (migration 200, server/src/modules/fhir) ----

export interface FhirFeedStateTable {
  id: number;
  generation: string;
  generated_at: Timestamp;
  lease_until: NullableTimestamp;
}

export interface FhirFeedFilesTable {
  name: string;
  resource_type: 'Location' | 'Schedule' | 'Slot';
  time_type_code: string | null;
  municipality: string | null;
  etag: string;
  resources: number;
  changed_at: Timestamp;
  /** Migration 351: the file's bytes live in fhir_feed_chunks under this version. */
  version: string;
  previous_version: string | null;
  bytes: number;
  gzip_bytes: number | null;
}

export interface FhirFeedChunksTable {
  name: string;
  version: string;
  kind: 'plain' | 'gzip';
  seq: number;
  content: Uint8Array;
}

export interface FhirExportsTable {
  id: string;
  requested_by_person_id: string;
  subject_person_id: string;
  on_behalf_relation: 'guardian' | 'ombud' | null;
  status: 'pending' | 'ready' | 'failed' | 'expired';
  bundle: string | null;
  summary_html: string | null;
  created_at: Timestamp;
  ready_at: NullableTimestamp;
  expires_at: NullableTimestamp;
}

export interface OpenDataSnapshotsTable {
  day: ColumnType<string, string, string>;
  generated_at: Timestamp;
  rows: Json<unknown>;
  waiting_room_peaks: Json<unknown>;
}

export interface DB {
  fhir_feed_state: FhirFeedStateTable;
  fhir_feed_files: FhirFeedFilesTable;
  fhir_feed_chunks: FhirFeedChunksTable;
  fhir_exports: FhirExportsTable;
  open_data_snapshots: OpenDataSnapshotsTable;
}

// ---- triage (migration 190, server/src/modules/triage) ----

export interface TriageQuestionnairesTable {
  id: string;
  url: string;
  title: string;
  created_by_staff_id: string | null;
  created_at: Timestamp;
}

export interface TriageVersionsTable {
  id: string;
  questionnaire_id: string;
  version: number;
  status: 'draft' | 'published' | 'superseded';
  document: Json<unknown>;
  created_by_staff_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by_staff_id: string | null;
  published_at: NullableTimestamp;
  superseded_at: NullableTimestamp;
}

export interface TriageSessionsTable {
  id: string;
  version_id: string;
  subject_person_id: string;
  channel: 'citizen' | 'staff';
  actor_person_id: string | null;
  actor_staff_id: string | null;
  unit_id: string | null;
  answers: Json<Record<string, unknown[]>>;
  status: 'draft' | 'decided';
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

export interface TriageDecisionsTable {
  id: string;
  session_id: string;
  version_id: string;
  subject_person_id: string;
  channel: 'citizen' | 'staff';
  decided_by_staff_id: string | null;
  response: Json<unknown>;
  kind: 'outcome' | 'red_flag' | 'talk_to_someone';
  rule_id: string | null;
  red_flag_id: string | null;
  urgency: string;
  visit_form: string;
  profession: string;
  competence: string | null;
  route: string;
  requested_route: string | null;
  unit_id: string | null;
  routing_reason: string;
  article_id: string | null;
  booking_type: string | null;
  decided_at: Timestamp;
}

export interface TriageOverridesTable {
  id: string;
  decision_id: string;
  staff_id: string;
  unit_id: string;
  route: string;
  urgency: string;
  reason: string;
  created_at: Timestamp;
}

export interface TriageUnitSettingsTable {
  unit_id: string;
  offers: ColumnType<string[], string[] | undefined, string[]>;
  age_min: number | null;
  age_max: number | null;
  night_unit: Generated<boolean>;
  open_on_holidays: Generated<boolean>;
  updated_at: Timestamp;
}

/** Merged into DB (interface declaration merging keeps this module's tables in one block). */
export interface DB {
  triage_questionnaires: TriageQuestionnairesTable;
  triage_versions: TriageVersionsTable;
  triage_sessions: TriageSessionsTable;
  triage_decisions: TriageDecisionsTable;
  triage_overrides: TriageOverridesTable;
  triage_unit_settings: TriageUnitSettingsTable;
}

// ---- drop-in queue (migration 260, server/src/modules/triage) ----
export interface DropInQueuesTable {
  id: string;
  unit_id: string;
  /** 'chat' since migration 320. */
  kind: 'video' | 'chat';
  status: 'open' | 'closed';
  opened_by_staff_id: string;
  opened_at: Timestamp;
  closes_at: Timestamp;
  answer_minutes: number;
  closed_at: NullableTimestamp;
}

export interface DropInEntriesTable {
  id: string;
  queue_id: string;
  decision_id: string;
  session_id: string;
  subject_person_id: string;
  actor_person_id: string;
  urgency_rank: number;
  queued_at: Timestamp;
  status: 'waiting' | 'called' | 'answered' | 'removed';
  called_at: NullableTimestamp;
  called_by_staff_id: string | null;
  answer_by: NullableTimestamp;
  meeting_id: string | null;
  requeued: Generated<boolean>;
  removed_reason: 'no_answer' | 'queue_closed' | 'left' | null;
  ended_at: NullableTimestamp;
  /** A chat turn's conversation (migration 320). */
  conversation_id: string | null;
}

export interface DB {
  drop_in_queues: DropInQueuesTable;
  drop_in_entries: DropInEntriesTable;
}

// ---- errand types (migration 261, server/src/modules/triage) ----
export interface UnitErrandTypesTable {
  unit_id: string;
  kind: string;
  enabled: boolean;
  response_days: number | null;
  topic_id: string | null;
  updated_by_staff_id: string | null;
  updated_at: Timestamp;
}

export interface DB {
  unit_errand_types: UnitErrandTypesTable;
}

// ---- care episodes (migration 262, server/src/modules/triage) ----
export interface CareEpisodesTable {
  id: string;
  unit_id: string;
  patient_person_id: string;
  label: string;
  contact_staff_id: string;
  topic_id: string | null;
  created_by_staff_id: string;
  created_at: Timestamp;
  ended_at: NullableTimestamp;
  ended_by_staff_id: string | null;
}

export interface DB {
  care_episodes: CareEpisodesTable;
}
