/**
 * The citizen's side: open a case from the app (identity known) or from the public form
 * (name + e-mail, answered by e-mail), follow one's own cases, write more, rate a closed case.
 * A citizen only ever reads cases whose person_id is theirs; anything else is 404.
 */
import type { CitizenCase, CitizenCaseBody, PublicCaseBody, RatingBody, SupportStatus } from '@ingang/contracts';
import {
  freeCapacity,
  isOpenAt,
  nextCaseStatus,
  nextOpening,
  SupportTransitionError,
  typicalWaitMinutes,
} from '@ingang/domain';
import type { z } from 'zod';
import type { CitizenActor } from '../../platform/auth.js';
import { uuid } from '../../platform/db/helpers.js';
import { conflict, notFound, unauthorized } from '../../platform/errors.js';
import type { SupportDeps } from './deps.js';
import type { Intake } from './intake.js';
import * as store from './store.js';
import { citizenCaseView } from './view.js';

/** A state-machine refusal as a 409 the client can show. */
export function transitionConflict(error: unknown): never {
  if (error instanceof SupportTransitionError) throw conflict(error.code, error.message);
  throw error;
}

export function createCitizenService(deps: SupportDeps, intake: Intake) {
  const { db, clock, calendar, config } = deps;

  async function view(q: typeof db, c: store.CaseRow): Promise<CitizenCase> {
    const messages = await store.messagesOf(q, c.id, false);
    const names = await store.staffNames(
      q,
      messages.map((m) => m.author_staff_id),
    );
    return citizenCaseView(c, messages, names);
  }

  return {
    /** Open or closed, whether "chat now" shows, and the realistic answer time (public). */
    async status(): Promise<SupportStatus> {
      const now = clock.now();
      const open = isOpenAt(calendar, now);
      const loads = await store.agentLoads(db, 'first_line');
      const recent = await store.recentFirstAnswers(db, new Date(now.getTime() - 7 * 86_400_000));
      const by = open ? await db.transaction().execute((trx) => intake.answerBy(trx, now)) : nextOpening(calendar, now);
      return {
        open,
        opensAt: nextOpening(calendar, now)?.toISOString() ?? null,
        chatNow: open && freeCapacity(loads) > 0,
        typicalWaitMinutes: typicalWaitMinutes(recent, config.firstAnswerGoalMinutes),
        answerBy: by?.toISOString() ?? null,
        goalMinutes: config.firstAnswerGoalMinutes,
      };
    },

    /** A case from the public start page: rate-limited per address, answered by e-mail. */
    async openPublic(body: z.infer<typeof PublicCaseBody>, ip: string) {
      await deps.rateLimiter.hit(
        `support:public:${ip}`,
        20,
        'Too many messages from this address; try again later.',
        3600,
      );
      await deps.rateLimiter.hit(
        `support:public-mail:${body.email.toLowerCase()}`,
        5,
        'Too many messages for this e-mail address; try again later.',
        3600,
      );
      const result = await db.transaction().execute((trx) =>
        intake.open(trx, {
          channel: 'web',
          personId: null,
          contactName: body.name,
          contactEmail: body.email.toLowerCase(),
          subject: body.subject,
          body: body.message,
          locale: body.locale,
        }),
      );
      await deps.events.changed(result.case.id);
      return {
        reference: result.case.reference,
        answerBy: result.answerBy?.toISOString() ?? null,
        suggestions: result.suggestions,
      };
    },

    /** A chat from the app, logged in: the case knows who wrote (first name for the greeting only). */
    async open(actor: CitizenActor, body: z.infer<typeof CitizenCaseBody>) {
      await deps.rateLimiter.hit(
        `support:chat:${actor.personId}`,
        20,
        'Too many new cases; write in an open one instead.',
        3600,
      );
      const person = await store.personName(db, actor.personId);
      if (!person) throw unauthorized();
      const result = await db.transaction().execute((trx) =>
        intake.open(trx, {
          channel: 'chat',
          personId: actor.personId,
          contactName: person.given_name,
          contactEmail: null,
          subject: body.subject,
          body: body.message,
          locale: body.locale,
        }),
      );
      await deps.events.changed(result.case.id);
      return {
        case: await view(db, result.case),
        answerBy: result.answerBy?.toISOString() ?? null,
        suggestions: result.suggestions,
      };
    },

    async list(actor: CitizenActor) {
      const rows = await store.casesOfPerson(db, actor.personId);
      return rows.map((c) => {
        const { messages: _m, ...rest } = citizenCaseView(c, [], new Map());
        return rest;
      });
    },

    async get(actor: CitizenActor, id: string): Promise<CitizenCase> {
      const c = await store.getCase(db, id);
      if (!c || c.person_id !== actor.personId || c.status === 'merged') throw notFound('case');
      return view(db, c);
    },

    /** The citizen writes more; a closed case opens again as new. */
    async reply(actor: CitizenActor, id: string, body: string): Promise<CitizenCase> {
      const now = clock.now();
      const c = await db.transaction().execute(async (trx) => {
        const c = await store.lockCase(trx, id);
        if (!c || c.person_id !== actor.personId || c.status === 'merged') throw notFound('case');
        let status: store.CaseRow['status'];
        try {
          status = nextCaseStatus(c.status, 'citizen_reply', null);
        } catch (e) {
          transitionConflict(e);
        }
        await store.insertMessage(trx, {
          id: uuid(),
          case_id: id,
          author_kind: 'citizen',
          author_staff_id: null,
          body,
          channel: 'chat',
          message_id: null,
          created_at: now,
        });
        const patch = {
          status,
          waiting_since: c.waiting_since ?? now,
          last_activity_at: now,
          ...(c.status === 'closed'
            ? { closed_at: null, assignee_staff_id: null, offered_at: null, accepted_at: null }
            : {}),
        };
        await store.updateCase(trx, id, patch);
        return { ...c, ...patch };
      });
      await deps.events.changed(id);
      return view(db, c);
    },

    /** One optional question after close: 1–5 and a comment, once. */
    async rate(actor: CitizenActor, id: string, body: z.infer<typeof RatingBody>): Promise<CitizenCase> {
      const c = await db.transaction().execute(async (trx) => {
        const c = await store.lockCase(trx, id);
        if (!c || c.person_id !== actor.personId || c.status === 'merged') throw notFound('case');
        if (c.status !== 'closed') throw conflict('case_open', 'A case can be rated once it is closed.');
        if (c.rating !== null) throw conflict('already_rated', 'The case has already been rated.');
        const patch = { rating: body.rating, rating_comment: body.comment ?? null, rated_at: clock.now() };
        await store.updateCase(trx, id, patch);
        return { ...c, ...patch };
      });
      return view(db, c);
    },
  };
}

export type CitizenService = ReturnType<typeof createCitizenService>;
