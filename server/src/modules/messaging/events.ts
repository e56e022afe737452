/**
 * What the messaging service tells open sockets, through ctx.hub (in-process,
 * or Redis between instances). Published only after the transaction that made
 * the change has committed. A message event carries the entry itself so a
 * socket can push it without a database read; each socket then renders it for
 * its viewer (internal notes go to staff only).
 *
 * Channels: `messaging:c:<conversationId>` (entries, read marks, changes),
 * `messaging:u:<unitId>` (inbox changes), `messaging:p:<patientId>` (the
 * patient's list changes).
 */
import type { Hub } from '../../platform/hub.js';
import type { ConversationRow, MessageRow } from './store.js';

export const conversationChannel = (id: string) => `messaging:c:${id}`;
export const unitChannel = (id: string) => `messaging:u:${id}`;
export const patientChannel = (id: string) => `messaging:p:${id}`;

/** A MessageRow as it travels (dates as ISO strings). */
export type WireMessage = Omit<MessageRow, 'createdAt'> & { createdAt: string };

export interface ChangedFacts {
  conversationId: string;
  unitId: string;
  patientId: string;
  status: ConversationRow['status'];
  lastSeq: number;
  lastVisibleSeq: number;
  lastActivityAt: string;
  lastUnitActivityAt: string;
}

export type HubEvent =
  | { kind: 'message'; conversationId: string; message: WireMessage }
  | { kind: 'read'; conversationId: string; side: 'patient' | 'unit'; upToSeq: number; at: string }
  | ({ kind: 'changed'; visibleToPatient: boolean } & ChangedFacts);

export function changedFacts(c: ConversationRow): ChangedFacts {
  return {
    conversationId: c.id,
    unitId: c.unit_id,
    patientId: c.patient_id,
    status: c.status,
    lastSeq: c.last_seq,
    lastVisibleSeq: c.last_visible_seq,
    lastActivityAt: c.last_activity_at.toISOString(),
    lastUnitActivityAt: c.last_unit_activity_at.toISOString(),
  };
}

export const toWire = (m: MessageRow): WireMessage => ({ ...m, createdAt: m.createdAt.toISOString() });
export const fromWire = (m: WireMessage): MessageRow => ({ ...m, createdAt: new Date(m.createdAt) });

/** Collects events during a transaction and publishes them once it has committed. */
export function createOutbox(hub: Hub) {
  const pending: { channel: string; event: HubEvent }[] = [];
  return {
    message(c: ConversationRow, message: MessageRow) {
      pending.push({
        channel: conversationChannel(c.id),
        event: { kind: 'message', conversationId: c.id, message: toWire(message) },
      });
    },
    read(conversationId: string, side: 'patient' | 'unit', upToSeq: number, at: Date) {
      pending.push({
        channel: conversationChannel(conversationId),
        event: { kind: 'read', conversationId, side, upToSeq, at: at.toISOString() },
      });
    },
    /** The conversation changed (status, activity): its subscribers, the unit's inbox and, when visible, the patient's list. */
    changed(c: ConversationRow, visibleToPatient: boolean) {
      const event: HubEvent = { kind: 'changed', visibleToPatient, ...changedFacts(c) };
      pending.push({ channel: conversationChannel(c.id), event });
      pending.push({ channel: unitChannel(c.unit_id), event });
      if (visibleToPatient) pending.push({ channel: patientChannel(c.patient_id), event });
    },
    /** Call after commit. Publishing failures never fail the request: clients resume from the database. */
    async flush(onError: (error: unknown) => void) {
      const batch = pending.splice(0);
      for (const { channel, event } of batch) await hubPublish(hub, channel, event).catch(onError);
    },
  };
}

async function hubPublish(hub: Hub, channel: string, event: HubEvent) {
  await hub.publish(channel, event);
}

export type Outbox = ReturnType<typeof createOutbox>;
