/**
 * The messaging module: secure messages between citizens and units (REST and
 * a WebSocket), attachments, web push and e-mail notifications, and the
 * retention purge. A conversation is a care relationship: staff of the unit
 * may open the data of a patient who has a conversation with it.
 */
import { createActingFor } from '../../platform/acting-for.js';
import type { AppContext } from '../../platform/context.js';
import type { ModuleParts } from '../../platform/module.js';
import { unitRecordSource } from '../../platform/patient-access.js';
import { createStorage } from '../../platform/storage.js';
import type { BookingModule } from '../booking/index.js';
import type { InvitationsModule } from '../invitations/index.js';
import { type AttachmentService, createAttachmentService } from './attachments.js';
import { type CareContactOf, createCitizenMessaging } from './citizen-service.js';
import { createMessagingNotifier, type MessagingNotifier } from './notify.js';
import { purgeMessaging } from './retention.js';
import { messagingRoutes } from './routes.js';
import { createSettingsService } from './settings-service.js';
import { createStaffMessaging, type StaffMessaging } from './staff-service.js';
import { createFanout } from './ws.js';

export function createMessagingModule(
  deps: Pick<
    AppContext,
    'db' | 'clock' | 'hub' | 'registry' | 'config' | 'log' | 'mail' | 'sms' | 'jobs' | 'sessions' | 'access'
  > & {
    booking: Pick<BookingModule, 'bookingsAtUnit'>;
    invitations: Pick<InvitationsModule, 'invitationsAtUnit'>;
    /** Continuity (the triage module's care episodes): a patient's new conversation goes to their contact. */
    careContactOf?: CareContactOf;
  },
): ModuleParts & {
  startPatientConversation: ReturnType<typeof createCitizenMessaging>['start'];
  pushNotice: MessagingNotifier['pushNotice'];
  startStaffConversation: StaffMessaging['start'];
  heldFiles: HeldFiles;
} {
  const storage = createStorage(deps.config);
  const actingFor = createActingFor(deps);
  const notifier = createMessagingNotifier(deps);
  const citizen = createCitizenMessaging(deps, actingFor);
  const staff = createStaffMessaging(
    { ...deps, bookingsAtUnit: deps.booking.bookingsAtUnit, invitationsAtUnit: deps.invitations.invitationsAtUnit },
    notifier,
  );
  const settings = createSettingsService(deps);
  const files = createAttachmentService(deps, storage);
  const fanout = createFanout(deps.hub);
  return {
    routes: (api) => messagingRoutes(api, { citizen, staff, settings, files, notifier, actingFor, fanout }, deps),
    jobs: notifier.jobs,
    // Hourly on every instance (idempotent); not in test mode, where tests call purgeMessaging directly.
    schedules:
      deps.config.mode === 'test'
        ? []
        : [
            {
              name: 'messaging.retention',
              everyMs: 60 * 60_000,
              deferInRush: true,
              run: () => purgeMessaging(deps, storage).then(() => {}),
            },
          ],
    accessSources: [{ name: 'conversation', source: unitRecordSource('conversations', 'patient_id') }],
    // For other modules (errand types): a citizen starts a conversation with every check a citizen's own start has.
    startPatientConversation: citizen.start,
    // For other modules (the drop-in queue): a web push notice of a fixed kind to one person, queued in
    // the caller's transaction; the payload holds only the kind and the page to open.
    pushNotice: notifier.pushNotice,
    // For other modules (a chat drop-in turn): staff write first to a patient, with every check and audit
    // a staff start has (care relationship, the unit's patient mode).
    startStaffConversation: staff.start,
    // For other modules (a triage answer with a photo): a citizen's upload — through messaging's own
    // upload route, with its limits, type checks and cleaning — held by the caller's record, so the
    // purge of unsent uploads keeps it; read back for whoever the caller has allowed (and audited).
    heldFiles: {
      hold: files.holdUpload,
      read: async (q, holder, ref, id) => files.readHeld(q, holder, ref, id),
      file: files.readFile,
      release: files.releaseHeld,
    },
  };
}

/** Uploads held by another module's record (see `heldFiles` above). */
export interface HeldFiles {
  hold: AttachmentService['holdUpload'];
  read: AttachmentService['readHeld'];
  file: AttachmentService['readFile'];
  release: AttachmentService['releaseHeld'];
}
