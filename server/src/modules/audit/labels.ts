/**
 * Plain Swedish for the patient's "Vem har tittat på mina uppgifter": the
 * stored codes (actor_role, action, record_type, purpose) become words a
 * patient understands. Unknown codes fall back to general wording rather
 * than showing a code.
 */

const ROLE_LABELS: [code: string, label: string][] = [
  // In priority order: an entry made with several roles shows the one closest to care.
  ['clinician', 'Vårdpersonal'],
  ['unit_admin', 'Verksamhetsledning'],
  ['booking_admin', 'Bokning och administration'],
  ['support_second_line', 'Invånarsupport'],
  ['support_first_line', 'Invånarsupport'],
  ['region_admin', 'Regionens administration'],
];

/** "Vårdpersonal", "Invånarsupport" … for a stored actor_role ("clinician,booking_admin"). */
export function roleInUnitLabel(actorRole: string | null): string {
  const roles = new Set((actorRole ?? '').split(','));
  return ROLE_LABELS.find(([code]) => roles.has(code))?.[1] ?? 'Personal';
}

/**
 * The one role code an entry is shown with ('clinician', 'support_first_line' …), by the
 * same priority as `roleInUnitLabel`; 'staff' when none is known. The web words it.
 */
export function roleInUnitCode(actorRole: string | null): string {
  const roles = new Set((actorRole ?? '').split(','));
  return ROLE_LABELS.find(([code]) => roles.has(code))?.[0] ?? 'staff';
}

/** The codes the labels are made from, for the web to word in the reader's language. */
export const LABELLED = {
  roles: ROLE_LABELS.map(([code]) => code),
  get actions() {
    return Object.keys(VERBS);
  },
  get records() {
    return Object.keys(RECORDS);
  },
  get purposes() {
    return Object.keys(PURPOSES);
  },
};

const VERBS: Record<string, string> = {
  read: 'Läste',
  view: 'Läste',
  lookup: 'Sökte fram',
  list: 'Såg',
  create: 'Registrerade',
  update: 'Ändrade',
  delete: 'Tog bort',
  cancel: 'Avbokade',
  book: 'Bokade',
  rebook: 'Bokade om',
  send: 'Skickade',
  join: 'Anslöt till',
  leave: 'Lämnade',
  invite: 'Bjöd in dig till',
  notify: 'Aviserade dig om',
  target: 'Valde ut dig för',
  emergency_access: 'Öppnade med nödåtkomst',
};

const RECORDS: Record<string, string> = {
  profile: 'dina personuppgifter',
  identity: 'dina uppgifter',
  patient_overview: 'din översikt',
  audit_log: 'loggen över vem som tittat på dina uppgifter',
  access_log: 'loggen över vem som tittat på dina uppgifter',
  booking: 'din bokning',
  bookings: 'dina bokningar',
  message: 'dina meddelanden',
  conversation: 'dina meddelanden',
  invitation: 'din kallelse',
  invitation_list: 'dina kallelser',
  offer: 'ett erbjudande',
  offer_list: 'dina erbjudanden',
  risk_flag: 'din riskgruppsmarkering',
  risk_flag_list: 'dina riskgruppsmarkeringar',
  conversation_list: 'dina meddelanden',
  conversation_attachment: 'en bifogad fil i dina meddelanden',
  video_meeting: 'ditt videomöte',
  care_relationship: 'din vårdrelation',
  proxy: 'dina ombud',
  ombud: 'dina ombud',
  contact_details: 'dina kontaktuppgifter',
};

/** "Läste dina personuppgifter" for action 'read' on record type 'profile'. */
export function actionLabel(action: string, recordType: string): string {
  const verb = VERBS[action] ?? 'Tog del av';
  return `${verb} ${RECORDS[recordType] ?? 'dina uppgifter'}`;
}

const PURPOSES: Record<string, string> = {
  care: 'Vård och behandling',
  emergency: 'Nödåtkomst',
  lookup: 'Sökning inför vård',
  booking: 'Bokning',
  support: 'Hjälp från invånarsupporten',
  audit_follow_up: 'Uppföljning av vem som tittat på uppgifter',
  administration: 'Administration',
  self_service: 'Egen användning',
};

/** "Vård och behandling" for purpose 'care'. */
export function purposeLabel(purpose: string): string {
  return PURPOSES[purpose] ?? 'Annat';
}

/**
 * The reason of a flagged entry as people read it. Emergency-access entries store
 * "Nödåtkomst <access id>: <the reason staff wrote>" (the id ties each read to its
 * grant in the chained log, which is never rewritten); the id says nothing to a
 * reader and the purpose column already says emergency access, so only the
 * written reason is shown.
 */
export function readableReason(reason: string | null): string | null {
  if (reason === null) return null;
  const emergency = /^Nödåtkomst [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}: ([\s\S]*)$/i.exec(
    reason,
  );
  return emergency ? (emergency[1] ?? '') : reason;
}
