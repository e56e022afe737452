/**
 * The unit's shared inbox, staff side, composed of its parts: reading
 * (inbox-service.ts), handling and status (assignment-service.ts) and writing
 * answers and notes (writing-service.ts), over the shared conversation core
 * (staff-conversations.ts). Templates and settings: settings-service.ts.
 * Everything runs in the caller's active unit through the patient-access gate
 * (`patientTransaction` + `access.require`, which audits); a conversation of
 * another unit is 404.
 */
import type { BookingModule } from '../booking/index.js';
import type { InvitationsModule } from '../invitations/index.js';
import { createAssignmentService } from './assignment-service.js';
import { createInboxService } from './inbox-service.js';
import type { MessagingNotifier } from './notify.js';
import { createStaffConversations, type StaffDeps } from './staff-conversations.js';
import { createWritingService } from './writing-service.js';

export function createStaffMessaging(
  deps: StaffDeps & Pick<BookingModule, 'bookingsAtUnit'> & Pick<InvitationsModule, 'invitationsAtUnit'>,
  notifier: MessagingNotifier,
) {
  const conversations = createStaffConversations(deps);
  return {
    ...createInboxService({ ...deps, conversations }),
    ...createAssignmentService({ ...deps, conversations }),
    ...createWritingService({ ...deps, conversations }, notifier),
  };
}

export type StaffMessaging = ReturnType<typeof createStaffMessaging>;
