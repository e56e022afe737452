/**
 * Writing as the unit: an answer to the patient or an internal note (notes
 * share the entry counter but never reach the patient), and a conversation
 * staff start with a patient the unit has a care relationship with. A retried
 * write with the same clientId returns what the first stored.
 */
import type { StaffStartConversationRequest } from '@ingang/contracts';
import { staffMayReply, staffMayStart } from '@ingang/domain';
import type { z } from 'zod';
import type { StaffActor } from '../../platform/auth.js';
import { uuid } from '../../platform/db/helpers.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { appendEntry, replayed, requireContent } from './entries.js';
import { createOutbox } from './events.js';
import type { MessagingNotifier } from './notify.js';
import type { StaffConversations, StaffDeps } from './staff-conversations.js';
import * as staffStore from './staff-store.js';
import * as store from './store.js';
import { messageView, type Viewer } from './view.js';

export function createWritingService(
  deps: StaffDeps & { conversations: StaffConversations },
  notifier: MessagingNotifier,
) {
  const { db, clock, hub, access } = deps;
  const { open, detail } = deps.conversations;
  const onPublishError = (error: unknown) => deps.log.warn({ err: error }, 'messaging publish failed');

  return {
    /** An answer to the patient (internal false) or an internal note (true). */
    async send(
      actor: StaffActor,
      unitId: string,
      id: string,
      input: { body: string; attachmentIds: string[]; clientId?: string },
      internal: boolean,
    ) {
      requireUnitCare(actor, unitId);
      requireContent(input.body, input.attachmentIds);
      const outbox = createOutbox(hub);
      const viewer: Viewer = { side: 'staff', staffId: actor.staffId };
      const result = await patientTransaction(db, async (trx) => {
        const c = await open(
          trx,
          actor,
          unitId,
          id,
          'create',
          internal ? 'conversation_note' : 'conversation_message',
          true,
        );
        const again = await replayed(trx, input.clientId, c.id, { personId: null, staffId: actor.staffId });
        if (again) {
          const [m] = await store.messagesOf(trx, c.id, {
            since: again.seq - 1,
            upTo: again.seq,
            limit: 1,
            includeInternal: true,
          });
          return { created: false, message: messageView(m!, viewer) };
        }
        if (!internal) {
          const decision = staffMayReply(c);
          if (!decision.ok) throw new AppError(409, decision.code, decision.message);
        }
        const now = clock.now();
        const { conversation, message } = await appendEntry(trx, c, {
          authorKind: 'staff',
          authorPersonId: null,
          authorStaffId: actor.staffId,
          body: input.body,
          internal,
          attachmentIds: input.attachmentIds,
          owner: { staffId: actor.staffId, unitId },
          clientId: input.clientId,
          now,
        });
        outbox.message(conversation, message);
        if (!internal) {
          outbox.read(conversation.id, 'unit', conversation.unit_read_seq, now);
          await notifier.schedule(trx, conversation.id, message.seq);
        }
        outbox.changed(conversation, !internal);
        return { created: true, message: messageView(message, viewer) };
      });
      await outbox.flush(onPublishError);
      return result;
    },

    /** Staff write first to a patient the unit has a care relationship with. */
    async start(actor: StaffActor, unitId: string, input: z.infer<typeof StaffStartConversationRequest>) {
      requireUnitCare(actor, unitId);
      const outbox = createOutbox(hub);
      const result = await patientTransaction(db, async (trx) => {
        const now = clock.now();
        const again = await replayed(trx, input.clientId, null, { personId: null, staffId: actor.staffId });
        if (again) {
          const c = await open(trx, actor, unitId, again.conversationId, 'read', 'conversation');
          return { created: false, conversation: await detail(trx, actor, c) };
        }
        const settings = await store.settingsFor(trx, unitId);
        const decision = staffMayStart(settings.patientMode);
        if (!decision.ok) throw new AppError(403, decision.code, decision.message);
        const topics = await store.topicsOf(trx, [unitId]);
        if (input.topicId && !topics.some((t) => t.id === input.topicId)) {
          throw badRequest('invalid_topic', 'Välj ett av mottagningens ämnen.', { topicId: 'not a topic of the unit' });
        }
        const id = uuid();
        await access.require(trx, actor, input.personId, {
          action: 'create',
          recordType: 'conversation',
          recordId: id,
          purpose: 'care',
          at: now,
        });
        await staffStore.insertStaffConversation(trx, {
          id,
          unitId,
          patientId: input.personId,
          topicId: input.topicId ?? null,
          subject: input.subject,
          staffId: actor.staffId,
          now,
        });
        const fresh = (await store.conversationById(trx, id, true))!;
        const { conversation, message } = await appendEntry(trx, fresh, {
          authorKind: 'staff',
          authorPersonId: null,
          authorStaffId: actor.staffId,
          body: input.body,
          internal: false,
          attachmentIds: input.attachmentIds,
          owner: { staffId: actor.staffId, unitId },
          clientId: input.clientId,
          now,
        });
        await notifier.schedule(trx, conversation.id, message.seq);
        outbox.message(conversation, message);
        outbox.changed(conversation, true);
        return { created: true, conversation: await detail(trx, actor, conversation) };
      });
      await outbox.flush(onPublishError);
      return result;
    },
  };
}
