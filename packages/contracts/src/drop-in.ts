/**
 * The drop-in queue ("digital väntrum"): a unit opens a video queue for set
 * hours (`/api/staff/drop-in`), a patient whose triage was routed there joins
 * (`/api/triage/sessions/:id/drop-in`) and follows their place
 * (`/api/drop-in/queues/:queueId/entries/:entryId`), staff take the next one.
 */
import { z } from 'zod';
import { IsoDateTime } from './common.js';
import { TriageUrgency } from './triage.js';

export const DropInEntryStatus = z.enum(['waiting', 'called', 'answered', 'removed']);
export const DropInKind = z.enum(['video', 'chat']);

/** A patient's place in the queue, as their poll sees it. */
export const DropInEntry = z.object({
  id: z.uuid(),
  queueId: z.uuid(),
  status: DropInEntryStatus,
  /** 1 = next; null unless waiting. */
  position: z.number().int().positive().nullable(),
  /** Everyone waiting in the queue now. */
  waiting: z.number().int().nonnegative(),
  /** A video queue or a chat queue (the turn is then a conversation). */
  kind: DropInKind,
  /** The video meeting to join, once it is their turn. */
  meetingId: z.uuid().nullable(),
  /** A chat queue: the conversation to open, once it is their turn. */
  conversationId: z.uuid().nullable(),
  /** Answer by then, or go back in the queue (once). */
  answerBy: IsoDateTime.nullable(),
  removedReason: z.enum(['no_answer', 'queue_closed', 'left']).nullable(),
  queueOpen: z.boolean(),
});
export const DropInEntryResponse = z.object({ data: DropInEntry });
export const DropInEntryParams = z.object({ queueId: z.uuid(), entryId: z.uuid() });
export const DropInEntryIdParams = z.object({ id: z.uuid() });

/** For a triage routed to a drop-in: is the unit's queue open, and am I in it? */
export const DropInStatusResponse = z.object({
  data: z.object({
    queue: z.object({ id: z.uuid(), kind: DropInKind, open: z.boolean(), closesAt: IsoDateTime }).nullable(),
    entry: DropInEntry.nullable(),
  }),
});

export const OpenDropInRequest = z.object({
  /** The end of today's set hours (the queue closes itself then). */
  closesAt: IsoDateTime,
  /** Minutes a called patient has to answer before going back in the queue (once). */
  answerMinutes: z.number().int().min(1).max(60).default(3),
  /** Video (a meeting per turn) or chat (a conversation per turn). */
  kind: DropInKind.default('video'),
});

export const DropInTaken = z.object({
  entryId: z.uuid(),
  sessionId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  protectedIdentity: z.boolean(),
  status: DropInEntryStatus,
  meetingId: z.uuid().nullable(),
  conversationId: z.uuid().nullable(),
});
export const DropInTakenResponse = z.object({ data: DropInTaken });

/** The active unit's queue for staff: counts per urgency (no names) and the patients I have taken. */
export const StaffDropInResponse = z.object({
  data: z.object({
    queue: z
      .object({
        id: z.uuid(),
        kind: DropInKind,
        closesAt: IsoDateTime,
        answerMinutes: z.number().int(),
        waiting: z.number().int().nonnegative(),
        byUrgency: z.array(z.object({ urgency: TriageUrgency, count: z.number().int().positive() })),
      })
      .nullable(),
    taken: z.array(DropInTaken),
  }),
});
