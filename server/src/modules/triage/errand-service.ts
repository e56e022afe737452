/**
 * Errand types (ärendetyper): a citizen starts one of the unit's switched-on
 * errands without triage; it lands in the unit's messaging inbox (through
 * the messaging module's face, with every check a citizen's own message has:
 * a relationship with the unit, the unit lets patients start, the topic) as
 * a new conversation with the form answers on top, and so follows the
 * inbox's assignment and response-time rules. `book_time` answers with the
 * time type to search for instead. Unit administrators switch types on.
 */
import {
  checkErrandAnswers,
  ERRAND_KINDS,
  type ErrandKind,
  errandMessage,
  REGION_ERRAND_TEMPLATES,
} from '@ingang/domain';
import type { ActingFor } from '../../platform/acting-for.js';
import type { CitizenActor, StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { badRequest, notFound } from '../../platform/errors.js';
import * as store from './errand-store.js';
import { mayEditUnit } from './region-service.js';

export type StartPatientConversation = (
  actor: CitizenActor,
  subjectId: string | undefined,
  input: {
    unitId: string;
    topicId?: string;
    subject: string;
    body: string;
    attachmentIds: string[];
    clientId?: string;
  },
) => Promise<{ created: boolean; conversation: { id: string } }>;

interface Deps {
  db: Db;
  clock: Clock;
  actingFor: ActingFor;
  startConversation: StartPatientConversation;
  listedUnitOf: (personId: string) => Promise<string | null>;
}

export interface UnitErrandTypeInput {
  kind: ErrandKind;
  enabled: boolean;
  responseDays?: number | null;
  topicId?: string | null;
}

function offered(rows: Awaited<ReturnType<typeof store.unitErrandTypes>>) {
  return rows
    .filter((r) => r.enabled && (ERRAND_KINDS as readonly string[]).includes(r.kind))
    .map((r) => {
      const template = REGION_ERRAND_TEMPLATES[r.kind as ErrandKind];
      return { ...template, responseDays: r.response_days ?? template.responseDays, topicId: r.topic_id };
    })
    .sort((a, b) => ERRAND_KINDS.indexOf(a.kind) - ERRAND_KINDS.indexOf(b.kind));
}

export function createErrandService(deps: Deps) {
  const { db, clock, actingFor } = deps;

  return {
    /** The errand types of the subject's listed unit (for a child: the child's). */
    async forSubject(actor: CitizenActor, subjectId: string | undefined) {
      const subject = await actingFor.withSubject(actor, subjectId, 'messages', async (_trx, s) => s.subjectPersonId);
      const unitId = await deps.listedUnitOf(subject);
      if (!unitId) return { unit: null, types: [] };
      const unit = await store.unitName(db, unitId);
      const types = offered(await store.unitErrandTypes(db, unitId)).map(({ topicId: _t, ...t }) => t);
      return { unit: unit ?? null, types };
    },

    /** Starts an errand: checks the form, then writes to the unit's inbox (idempotent with `clientId`). */
    async start(
      actor: CitizenActor,
      input: {
        subjectId?: string;
        unitId: string;
        kind: ErrandKind;
        answers: Record<string, unknown>;
        clientId?: string;
      },
    ) {
      const type = offered(await store.unitErrandTypes(db, input.unitId)).find((t) => t.kind === input.kind);
      if (!type) throw notFound('errand type');
      const checked = checkErrandAnswers(type, input.answers);
      if (!checked.ok) {
        const fields: Record<string, string> = {};
        for (const p of checked.problems) fields[`answers.${p.field}`] = p.code;
        throw badRequest('invalid_answers', 'Some answers in the form cannot be used.', fields);
      }
      if (type.kind === 'book_time')
        return { kind: type.kind, conversationId: null, bookingType: type.bookingType ?? null };
      const message = errandMessage(type, checked.answers);
      const started = await deps.startConversation(actor, input.subjectId, {
        unitId: input.unitId,
        ...(type.topicId ? { topicId: type.topicId } : {}),
        subject: message.subject,
        body: message.body,
        attachmentIds: [],
        ...(input.clientId ? { clientId: input.clientId } : {}),
      });
      return { kind: type.kind, conversationId: started.conversation.id, bookingType: null };
    },

    /** Every region template with this unit's choice (unit administrators and the region). */
    async unitSettings(actor: StaffActor, unitId: string) {
      mayEditUnit(actor, unitId);
      if (!(await store.unitName(db, unitId))) throw notFound('unit');
      const rows = await store.unitErrandTypes(db, unitId);
      return ERRAND_KINDS.map((kind) => {
        const r = rows.find((x) => x.kind === kind);
        return {
          kind,
          title: REGION_ERRAND_TEMPLATES[kind].title,
          enabled: r?.enabled ?? false,
          responseDays: r?.response_days ?? REGION_ERRAND_TEMPLATES[kind].responseDays,
          topicId: r?.topic_id ?? null,
        };
      });
    },

    async setUnitSettings(actor: StaffActor, unitId: string, types: UnitErrandTypeInput[]) {
      mayEditUnit(actor, unitId);
      await db.transaction().execute(async (trx) => {
        if (!(await store.unitName(trx, unitId))) throw notFound('unit');
        const topics = await store.unitTopicIds(trx, unitId);
        const fields: Record<string, string> = {};
        types.forEach((t, i) => {
          if (t.topicId && !topics.includes(t.topicId)) fields[`types.${i}.topicId`] = 'not a topic of this unit';
          if (t.enabled && !t.topicId && topics.length > 0 && t.kind !== 'book_time')
            fields[`types.${i}.topicId`] = 'required: the unit sorts its inbox by topic';
        });
        if (Object.keys(fields).length)
          throw badRequest('invalid_errand_types', 'Some errand types cannot be saved.', fields);
        const now = clock.now();
        for (const t of types) {
          await store.upsertUnitErrandType(trx, {
            unitId,
            kind: t.kind,
            enabled: t.enabled,
            responseDays: t.responseDays ?? null,
            topicId: t.topicId ?? null,
            staffId: actor.staffId,
            at: now,
          });
        }
      });
      return this.unitSettings(actor, unitId);
    },
  };
}

export type ErrandService = ReturnType<typeof createErrandService>;
