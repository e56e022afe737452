/**
 * Puts `count` triaged patients in a drop-in queue without driving each
 * through the questionnaire: a person, a decided session and its decision
 * routed to the queue's unit (which gives the unit its care relationship),
 * and the waiting entry — the same rows the citizen flow writes. Used by the
 * drop-in tests (ordering, concurrency) and bench/triage (2 000 waiting).
 */
import { URGENCY_LEVELS } from '@ingang/domain';
import { uuid } from '../../src/platform/db/helpers.js';
import type { Db } from '../../src/platform/db/index.js';

export async function seedWaiting(
  db: Db,
  input: { queueId: string; unitId: string; count: number; at: Date; urgencyOf?: (i: number) => number },
): Promise<{ entryId: string; personId: string; rank: number }[]> {
  const version = await db
    .selectFrom('triage_versions')
    .select('id')
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  // Synthetic numbers in a range the demo does not use (1900…): unique across calls, never real.
  const already = await db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('personal_number', 'like', '1900%')
    .executeTakeFirstOrThrow();
  const base = Number(already.n);
  const out: { entryId: string; personId: string; rank: number }[] = [];
  const batch = 200;
  for (let start = 0; start < input.count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, input.count - start) }, (_, k) => {
      const i = start + k;
      const rank = input.urgencyOf?.(i) ?? 1;
      return {
        personId: uuid(),
        sessionId: uuid(),
        decisionId: uuid(),
        entryId: uuid(),
        pnr: `1900${String(base + i).padStart(8, '0')}`,
        rank,
        // One millisecond apart, so arrival order is defined.
        at: new Date(input.at.getTime() + i),
      };
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('persons')
        .values(
          rows.map((r) => ({
            id: r.personId,
            personal_number: r.pnr,
            given_name: 'Test',
            family_name: `Patient ${r.pnr.slice(4)}`,
            registry_synced_at: r.at,
            created_at: r.at,
            updated_at: r.at,
          })),
        )
        .execute();
      await trx
        .insertInto('triage_sessions')
        .values(
          rows.map((r) => ({
            id: r.sessionId,
            version_id: version.id,
            subject_person_id: r.personId,
            channel: 'citizen' as const,
            actor_person_id: r.personId,
            actor_staff_id: null,
            unit_id: null,
            answers: '{}',
            status: 'decided' as const,
            created_at: r.at,
            updated_at: r.at,
            expires_at: r.at,
          })),
        )
        .execute();
      await trx
        .insertInto('triage_decisions')
        .values(
          rows.map((r) => ({
            id: r.decisionId,
            session_id: r.sessionId,
            version_id: version.id,
            subject_person_id: r.personId,
            channel: 'citizen' as const,
            decided_by_staff_id: null,
            response: '{}',
            kind: 'outcome' as const,
            urgency: URGENCY_LEVELS[r.rank] ?? 'same_day',
            visit_form: 'digital',
            profession: 'nurse',
            route: 'drop_in_video',
            unit_id: input.unitId,
            routing_reason: 'listed_unit',
            decided_at: r.at,
          })),
        )
        .execute();
      await trx
        .insertInto('drop_in_entries')
        .values(
          rows.map((r) => ({
            id: r.entryId,
            queue_id: input.queueId,
            decision_id: r.decisionId,
            session_id: r.sessionId,
            subject_person_id: r.personId,
            actor_person_id: r.personId,
            urgency_rank: r.rank,
            queued_at: r.at,
            status: 'waiting' as const,
          })),
        )
        .execute();
    });
    out.push(...rows.map((r) => ({ entryId: r.entryId, personId: r.personId, rank: r.rank })));
  }
  return out;
}
