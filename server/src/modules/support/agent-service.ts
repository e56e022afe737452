/**
 * The agents' side: the queue views sorted against the SLA, taking cases (one winner when two
 * agents take the same case), answering (an answer by mail goes out in the thread), internal
 * notes, escalating to second line with a note, closing, merging duplicates, availability.
 */
import type { AgentCase, AgentMe, QueueCase, SupportQueueView } from '@ingang/contracts';
import { nextCaseStatus, openMinutesBetween } from '@ingang/domain';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { transitionConflict } from './citizen-service.js';
import type { Agent, SupportDeps } from './deps.js';
import type { Intake } from './intake.js';
import type { KnowledgeService } from './knowledge-service.js';
import type { MailOut } from './mail-out.js';
import type { Offers } from './offers.js';
import type { Ratings } from './rating.js';
import type { CaseRow } from './store.js';
import * as store from './store.js';
import { agentCaseView, queueCaseView } from './view.js';

const NOT_MAILED: Record<string, string> = {
  no_address: 'Svaret skickades inte med e-post: ärendet har ingen e-postadress.',
  auto_submitted: 'Svaret skickades inte med e-post: meddelandet var ett automatiskt svar.',
  bulk: 'Svaret skickades inte med e-post: meddelandet var massutskick.',
  reply_cap: 'Svaret skickades inte med e-post: taket för svar till adressen den här timmen är nått.',
};

export function createAgentService(
  deps: SupportDeps,
  knowledge: KnowledgeService,
  mailOut: MailOut,
  ratings: Ratings,
  intake: Intake,
  offers: Offers,
) {
  const { db, clock, calendar, config } = deps;

  /** After a first-line agent may have room again (or came online): offer them what waits. */
  async function freed(agent: Agent): Promise<void> {
    if (agent.supportRole !== 'first_line') return;
    await offers
      .offerTo(agent.staffId)
      .catch((error) => deps.log.warn({ err: error }, 'support offer failed (the sweep retries)'));
  }

  function step(c: CaseRow, event: Parameters<typeof nextCaseStatus>[1], agent: Agent) {
    try {
      return nextCaseStatus(c.status, event, agent.supportRole);
    } catch (e) {
      return transitionConflict(e);
    }
  }

  async function locked(trx: Tx, id: string): Promise<CaseRow> {
    const c = await store.lockCase(trx, id);
    if (!c) throw notFound('case');
    return c;
  }

  async function note(trx: Tx, caseId: string, agent: Agent | null, body: string, now: Date) {
    await store.insertMessage(trx, {
      id: uuid(),
      case_id: caseId,
      author_kind: 'note',
      author_staff_id: agent?.staffId ?? null,
      body,
      channel: 'internal',
      message_id: null,
      created_at: now,
    });
  }

  return {
    async me(agent: Agent): Promise<AgentMe> {
      const now = clock.now();
      await store.ensureAgent(db, agent.staffId, now);
      const row = await store.agentRow(db, agent.staffId);
      const loads = await store.agentLoads(db);
      const offered = await store.offersTo(db, agent.staffId);
      const names = await store.staffNames(db, [agent.staffId]);
      const ctx = { now, calendar, goalMinutes: config.firstAnswerGoalMinutes, staffId: agent.staffId, names };
      return {
        staffId: agent.staffId,
        name: names.get(agent.staffId) ?? '',
        line: agent.supportRole,
        available: row?.available ?? false,
        maxConcurrent: row?.max_concurrent ?? 3,
        openCases: loads.find((l) => l.staffId === agent.staffId)?.openCases ?? 0,
        unreadPost: await knowledge.newestUnread(agent),
        languages: (row?.languages ?? ['sv', 'en']) as ('sv' | 'en')[],
        offers: offered.map((c) => queueCaseView(c, ctx)),
        acceptTimeoutSeconds: config.acceptTimeoutSeconds,
      };
    },

    /** Availability, limit and languages; an agent who is available with room is offered what waits. */
    async setAvailability(
      agent: Agent,
      available: boolean,
      maxConcurrent?: number,
      languages?: ('sv' | 'en')[],
    ): Promise<AgentMe> {
      const now = clock.now();
      await store.ensureAgent(db, agent.staffId, now);
      await store.setAgent(
        db,
        agent.staffId,
        {
          available,
          ...(maxConcurrent ? { max_concurrent: maxConcurrent } : {}),
          ...(languages ? { languages: [...new Set(languages)] } : {}),
        },
        now,
      );
      if (available) await freed(agent);
      return this.me(agent);
    },

    /**
     * Declines a case offered to me: it goes to the next agent in turn who fits (never back to
     * me), or waits; I stay available and am offered the next waiting case that fits me, if any.
     */
    async decline(agent: Agent, id: string): Promise<AgentMe> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const c = await locked(trx, id);
        if (c.status !== 'new' || c.assignee_staff_id !== agent.staffId || c.accepted_at)
          throw conflict('not_offered', 'The case is not offered to you (any longer).');
        await store.declineOffer(trx, id, agent.staffId);
        await intake.assign(
          trx,
          { ...c, assignee_staff_id: null, offered_at: null, declined_by: [...c.declined_by, agent.staffId] },
          now,
        );
      });
      await deps.events.changed(id);
      await freed(agent);
      return this.me(agent);
    },

    async queue(agent: Agent, view: SupportQueueView): Promise<QueueCase[]> {
      const now = clock.now();
      const rows = await store.queue(db, view, agent.staffId);
      const names = await store.staffNames(
        db,
        rows.map((r) => r.assignee_staff_id),
      );
      const ctx = { now, calendar, goalMinutes: config.firstAnswerGoalMinutes, staffId: agent.staffId, names };
      return rows.map((c) => queueCaseView(c, ctx));
    },

    async get(agent: Agent, id: string): Promise<AgentCase> {
      const c = await store.getCase(db, id);
      if (!c) throw notFound('case');
      // Opening a case offered to me accepts the offer (round robin stops the two-minute clock).
      if (c.assignee_staff_id === agent.staffId && !c.accepted_at) {
        c.accepted_at = clock.now();
        await store.updateCase(db, id, { accepted_at: c.accepted_at });
      }
      await deps.events.changed(c.id);
      return this.view(agent, c);
    },

    async view(agent: Agent, c: CaseRow): Promise<AgentCase> {
      const messages = await store.messagesOf(db, c.id, true);
      const names = await store.staffNames(db, [c.assignee_staff_id, ...messages.map((m) => m.author_staff_id)]);
      return agentCaseView(c, messages, {
        now: clock.now(),
        calendar,
        goalMinutes: config.firstAnswerGoalMinutes,
        staffId: agent.staffId,
        names,
        publicUrl: config.publicUrl,
      });
    },

    /** Takes a case. Another agent's accepted case is theirs: 409 case_taken (one winner). */
    async take(agent: Agent, id: string): Promise<AgentCase> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const c = await locked(trx, id);
        const status = step(c, 'take', agent);
        if (c.assignee_staff_id && c.assignee_staff_id !== agent.staffId && c.accepted_at && c.status !== 'escalated')
          throw conflict('case_taken', 'Another agent has already taken the case.');
        const patch = { status, assignee_staff_id: agent.staffId, offered_at: c.offered_at ?? now, accepted_at: now };
        await store.updateCase(trx, id, patch);
        return { ...c, ...patch };
      });
      await deps.events.changed(c.id);
      return this.view(agent, c);
    },

    /** The next case for me: one offered to me first, else the longest-waiting free one; null when none. */
    async takeNext(agent: Agent): Promise<AgentCase | null> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const offered = await store.offeredTo(trx, agent.staffId);
        const c = offered ?? (await store.nextFreeCase(trx));
        if (!c) return null;
        const patch = {
          status: 'open' as const,
          assignee_staff_id: agent.staffId,
          offered_at: c.offered_at ?? now,
          accepted_at: now,
        };
        await store.updateCase(trx, c.id, patch);
        await store.setAgent(trx, agent.staffId, { last_assigned_at: now }, now);
        return { ...c, ...patch };
      });
      return c ? this.view(agent, c) : null;
    },

    /** Answers (or notes). An answer from the queue takes the case; the first answer stops the SLA clock. */
    async answer(
      agent: Agent,
      id: string,
      input: { body: string; close?: boolean; note?: boolean },
    ): Promise<AgentCase> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const c = await locked(trx, id);
        if (input.note) {
          if (c.status === 'merged') throw conflict('case_merged', 'The case has been merged.');
          await note(trx, id, agent, input.body, now);
          return c;
        }
        let status = step(c, 'agent_reply', agent);
        await store.insertMessage(trx, {
          id: uuid(),
          case_id: id,
          author_kind: 'agent',
          author_staff_id: agent.staffId,
          body: input.body,
          channel: c.channel === 'chat' ? 'chat' : 'email',
          message_id: null,
          created_at: now,
        });
        const patch: Partial<CaseRow> = { status, waiting_since: null, last_activity_at: now };
        if (!c.first_answer_at) {
          patch.first_answer_at = now;
          patch.first_answer_open_minutes = openMinutesBetween(calendar, c.created_at, now);
        }
        if (!c.assignee_staff_id || c.status === 'escalated') {
          patch.assignee_staff_id = agent.staffId;
          patch.accepted_at = now;
        }
        if (input.close) {
          status = nextCaseStatus(status, 'close', agent.supportRole);
          Object.assign(patch, { status, closed_at: now });
        }
        await store.updateCase(trx, id, patch);
        const next = { ...c, ...patch };
        if (c.channel !== 'chat') {
          const sent = await mailOut.send(trx, next, input.body);
          if (!sent.sent)
            await note(trx, id, null, NOT_MAILED[sent.reason] ?? sent.reason, new Date(now.getTime() + 1));
          if (input.close) await ratings.offer(trx, next);
        }
        return next;
      });
      await deps.events.changed(c.id);
      if (input.close) await freed(agent);
      return this.view(agent, c);
    },

    /** First line hands the case to second line with a note. */
    async escalate(agent: Agent, id: string, text: string): Promise<AgentCase> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const c = await locked(trx, id);
        const status = step(c, 'escalate', agent);
        const patch = {
          status,
          escalated_at: now,
          escalation_note: text,
          assignee_staff_id: null,
          offered_at: null,
          accepted_at: null,
          last_activity_at: now,
        };
        await store.updateCase(trx, id, patch);
        await note(trx, id, agent, `Eskalerad till andra linjen: ${text}`, now);
        return { ...c, ...patch };
      });
      await deps.events.changed(c.id);
      await freed(agent);
      return this.view(agent, c);
    },

    async close(agent: Agent, id: string): Promise<AgentCase> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const c = await locked(trx, id);
        const status = step(c, 'close', agent);
        const patch = { status, closed_at: now, waiting_since: null, last_activity_at: now };
        await store.updateCase(trx, id, patch);
        await ratings.offer(trx, { ...c, ...patch });
        return { ...c, ...patch };
      });
      await deps.events.changed(c.id);
      await freed(agent);
      return this.view(agent, c);
    },

    /**
     * Merges a duplicate into another open case (the same person by chat and by mail): its
     * messages and mail thread move over; the target keeps its own identity (a logged-in
     * citizen's case never gains an unverified address's identity, or the reverse).
     */
    async merge(agent: Agent, id: string, intoId: string): Promise<AgentCase> {
      if (id === intoId) throw conflict('same_case', 'A case cannot be merged into itself.');
      const now = clock.now();
      const target = await db.transaction().execute(async (trx) => {
        // Lock in id order so two opposite merges cannot deadlock.
        const [a, b] = [id, intoId].sort();
        const first = await locked(trx, a as string);
        const second = await locked(trx, b as string);
        const source = first.id === id ? first : second;
        const target = first.id === id ? second : first;
        step(source, 'merge', agent);
        if (target.status === 'merged' || target.status === 'closed')
          throw conflict('target_closed', 'The case to merge into is closed.');
        if (source.person_id && target.person_id && source.person_id !== target.person_id)
          throw conflict('different_people', 'The cases belong to different people.');
        await store.moveMessages(trx, source.id, target.id);
        await store.updateCase(trx, source.id, {
          status: 'merged',
          merged_into_id: target.id,
          closed_at: now,
          waiting_since: null,
          last_activity_at: now,
        });
        const patch = {
          mail_refs: [...new Set([...target.mail_refs, ...source.mail_refs])].slice(-20),
          contact_email: target.contact_email ?? (target.person_id ? null : source.contact_email),
          waiting_since:
            [target.waiting_since, source.waiting_since]
              .filter((d): d is Date => !!d)
              .sort((x, y) => x.getTime() - y.getTime())[0] ?? null,
          last_activity_at: now,
        };
        await store.updateCase(trx, target.id, patch);
        await note(trx, target.id, agent, `Ärende ${source.reference} har slagits samman med detta ärende.`, now);
        return { ...target, ...patch };
      });
      await deps.events.changed(id, target.id);
      await freed(agent);
      return this.view(agent, target);
    },
  };
}

export type AgentService = ReturnType<typeof createAgentService>;
