/**
 * The steps every triage channel shares, inside the caller's transaction:
 * answer one question, decide, "I want to talk to someone", and the session
 * view. The citizen and staff services add who may do it and the audit row.
 * Answers are health data: they go to the database and the response only,
 * never to a log line or an error message.
 */
import {
  type Answers,
  ageOn,
  answerableItems,
  checkAnswer,
  checkResponse,
  effectiveAnswers,
  enabledLinkIds,
  evaluateAnswers,
  type ItemProblem,
  nextPage,
  parsePersonnummer,
  parseTriageDocument,
  raisedRedFlag,
  redFlagOutcome,
  routeOutcome,
  type TriageDocument,
  type TriageFacts,
  toResponse,
} from '@ingang/domain';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { attachmentIdOf, photoIdsIn, photoUrl } from './photos.js';
import {
  type DecisionRow,
  decisionOfSession,
  insertDecision,
  routingUnits,
  type SessionRow,
  saveAnswers,
  subjectFacts,
} from './session-store.js';
import { findVersion } from './version-store.js';

/** A draft lives a day after its last answer, then the schedule removes it. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export interface LoadedVersion {
  id: string;
  canonical: string;
  doc: TriageDocument;
}

/** Problems as the `fields` of a 400, keyed by where they are (`answers.<linkId>`). */
export function problemFields(prefix: string, problems: ItemProblem[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const p of problems) {
    const key = `${prefix}.${p.linkId}`;
    fields[key] = fields[key] ? `${fields[key]} ${p.message}` : p.message;
  }
  return fields;
}

export function createTriageEngine(deps: { clock: Clock }) {
  const { clock } = deps;
  // Published versions never change, so a parsed copy per id is safe on every instance.
  const cache = new Map<string, LoadedVersion>();

  async function loadVersion(q: Queryable, versionId: string): Promise<LoadedVersion> {
    const hit = cache.get(versionId);
    if (hit) return hit;
    const row = await findVersion(q, versionId);
    if (!row) throw notFound('questionnaire version');
    const parsed = parseTriageDocument(row.document);
    if (!parsed.ok) throw new Error(`stored triage version ${versionId} does not parse`);
    const loaded = { id: row.id, canonical: `${row.url}|${row.version}`, doc: parsed.value };
    if (row.status !== 'draft') cache.set(versionId, loaded);
    return loaded;
  }

  async function factsOf(q: Queryable, personId: string): Promise<TriageFacts & { listedUnitId: string | null }> {
    const person = await subjectFacts(q, personId);
    if (!person) throw notFound('person');
    const parsed = parsePersonnummer(person.personal_number, clock.now());
    const ageYears = parsed.ok ? ageOn(parsed.value.birthDate, clock.now()) : 30;
    return { ageYears, listedUnitId: person.listed_unit_id };
  }

  function requireDraft(session: SessionRow): void {
    if (session.status !== 'draft') throw conflict('already_decided', 'This triage is already decided.');
    if (session.expires_at.getTime() <= clock.now().getTime()) {
      throw new AppError(
        410,
        'draft_expired',
        'The answers were kept for a day and have been removed. Please start again.',
      );
    }
  }

  async function storeDecision(
    trx: Tx,
    session: SessionRow,
    version: LoadedVersion,
    answers: Answers,
    decision: {
      kind: 'outcome' | 'red_flag' | 'talk_to_someone';
      ruleId: string | null;
      redFlagId: string | null;
      outcome: TriageDocument['rules']['fallback'];
    },
    decidedByStaffId: string | null,
  ): Promise<void> {
    const facts = await factsOf(trx, session.subject_person_id);
    const { units, nightUnitId } = await routingUnits(trx);
    const now = clock.now();
    const routed = routeOutcome(decision.outcome, {
      now,
      ageYears: facts.ageYears,
      listedUnitId: facts.listedUnitId,
      nightUnitId,
      units,
    });
    await insertDecision(trx, {
      id: uuid(),
      session,
      decidedByStaffId,
      response: toResponse(version.doc.questionnaire, answers, 'completed', now.toISOString()),
      kind: decision.kind,
      ruleId: decision.ruleId,
      redFlagId: decision.redFlagId,
      routed,
      at: now,
    });
  }

  return {
    loadVersion,
    factsOf,

    /**
     * Records one answer (null clears it). The question must be enabled by the
     * answers so far; answers that a change disables are dropped. A red flag
     * decides at once. Returns the next question (null: ready to submit).
     */
    async answer(
      trx: Tx,
      session: SessionRow,
      linkId: string,
      raw: unknown | null,
      decidedByStaffId: string | null,
      /** Holds an uploaded photo for the session (the citizen's channel only). */
      holdPhoto?: (attachmentId: string, field: string) => Promise<{ contentType: string }>,
    ): Promise<{ next: string | null; decided: boolean }> {
      requireDraft(session);
      const version = await loadVersion(trx, session.version_id);
      const q = version.doc.questionnaire;
      const item = answerableItems(q).get(linkId);
      if (!item)
        throw badRequest('unknown_item', `'${linkId}' is not a question in this questionnaire.`, { linkId: 'unknown' });
      const current = session.answers as Answers;
      if (!enabledLinkIds(q, current).has(linkId)) {
        throw badRequest('not_enabled', `'${linkId}' is not asked with the answers given so far.`, {
          linkId: 'not enabled',
        });
      }
      const next: Answers = { ...current };
      if (item.type === 'attachment' && raw !== null) {
        if (!holdPhoto) {
          throw badRequest('photo_by_patient', 'Only the patient can add a photo (from the app).', {
            [`answers.${linkId}`]: 'only the patient adds a photo',
          });
        }
        const attachmentId = attachmentIdOf(linkId, raw);
        const held = await holdPhoto(attachmentId, `answers.${linkId}`);
        raw = { valueAttachment: { contentType: held.contentType, url: photoUrl(session.id, attachmentId) } };
      }
      if (raw === null) {
        if (item.required)
          throw badRequest('required', `'${linkId}' is required.`, { [`answers.${linkId}`]: 'required' });
        delete next[linkId];
      } else {
        const checked = checkAnswer(item, raw);
        if ('problem' in checked)
          throw badRequest(checked.problem.code, checked.problem.message, {
            [`answers.${linkId}`]: checked.problem.message,
          });
        next[linkId] = [checked.value];
      }
      const answers = effectiveAnswers(q, next);
      const facts = await factsOf(trx, session.subject_person_id);
      const flag = raisedRedFlag(q, version.doc.rules, answers, facts);
      const now = clock.now();
      await saveAnswers(trx, session.id, answers, now, new Date(now.getTime() + DRAFT_TTL_MS));
      if (flag) {
        await storeDecision(
          trx,
          session,
          version,
          answers,
          { kind: 'red_flag', ruleId: null, redFlagId: flag.id, outcome: redFlagOutcome(flag.route) },
          decidedByStaffId,
        );
        return { next: null, decided: true };
      }
      return { next: nextPage(q, answers, linkId)?.item.linkId ?? null, decided: false };
    },

    /**
     * Decides the session: its own answers, or a whole QuestionnaireResponse
     * that must name the session's version. A decided session answers with
     * its decision again (a double submit is harmless).
     */
    async submit(
      trx: Tx,
      session: SessionRow,
      response: unknown | undefined,
      decidedByStaffId: string | null,
    ): Promise<void> {
      if (session.status === 'decided') return;
      requireDraft(session);
      const version = await loadVersion(trx, session.version_id);
      const q = version.doc.questionnaire;
      let raw: Record<string, unknown> = session.answers;
      if (response !== undefined) {
        const checked = checkResponse(q, response, { complete: false });
        if (!checked.ok) {
          const mismatch = checked.problems.find((p) => p.code === 'version_mismatch');
          if (mismatch)
            throw new AppError(409, 'version_mismatch', mismatch.message, {
              'response.questionnaire': mismatch.message,
            });
          throw badRequest(
            'invalid_answers',
            'Some answers cannot be used.',
            problemFields('answers', checked.problems),
          );
        }
        // A photo answer cannot be made up in a whole response: only photos the session already holds.
        const held = new Set(photoIdsIn(session.id, session.answers));
        for (const [linkId, list] of Object.entries(checked.answers)) {
          for (const a of list) {
            if (!('valueAttachment' in a)) continue;
            const [id] = photoIdsIn(session.id, { x: [a] });
            if (!id || !held.has(id)) {
              throw badRequest('photo_required', 'Ladda upp bilden med frågan först.', {
                [`response.${linkId}`]: 'a photo this triage holds',
              });
            }
          }
        }
        raw = checked.answers;
      }
      const facts = await factsOf(trx, session.subject_person_id);
      const evaluated = evaluateAnswers(q, version.doc.rules, raw, facts);
      if (!evaluated.ok) {
        const names = evaluated.problems.map((p) => p.linkId).join(', ');
        throw badRequest(
          'incomplete_answers',
          `Answer these questions first: ${names}.`,
          problemFields('answers', evaluated.problems),
        );
      }
      const d = evaluated.decision;
      await storeDecision(
        trx,
        session,
        version,
        evaluated.answers,
        d.kind === 'red_flag'
          ? { kind: 'red_flag', ruleId: null, redFlagId: d.flagId, outcome: d.outcome }
          : { kind: 'outcome', ruleId: d.ruleId, redFlagId: null, outcome: d.outcome },
        decidedByStaffId,
      );
    },

    /** "I want to talk to someone": decides the draft with the version's talk-to-someone outcome. */
    async talk(trx: Tx, session: SessionRow, decidedByStaffId: string | null): Promise<void> {
      requireDraft(session);
      const version = await loadVersion(trx, session.version_id);
      const answers = effectiveAnswers(version.doc.questionnaire, session.answers as Answers);
      await storeDecision(
        trx,
        session,
        version,
        answers,
        { kind: 'talk_to_someone', ruleId: null, redFlagId: null, outcome: version.doc.rules.talkToSomeone },
        decidedByStaffId,
      );
    },

    /** The session as the client sees it (the questions without the rules). */
    async view(q: Queryable, session: SessionRow) {
      const version = await loadVersion(q, session.version_id);
      const questionnaire = version.doc.questionnaire;
      const decision = session.status === 'decided' ? await decisionOfSession(q, session.id) : undefined;
      const answers = session.answers as Answers;
      const lastAnswered = Object.keys(answers).length ? lastInOrder(questionnaire, answers) : null;
      return {
        id: session.id,
        status: session.status,
        subjectPersonId: session.subject_person_id,
        questionnaire: version.canonical,
        versionId: version.id,
        title: questionnaire.title,
        items: questionnaire.item as unknown as Record<string, unknown>[],
        answers: answers as Record<string, Record<string, unknown>[]>,
        next: decision ? null : (nextPage(questionnaire, answers, lastAnswered)?.item.linkId ?? null),
        expiresAt: session.expires_at.toISOString(),
        decision: decision ? decisionView(decision) : null,
      };
    },
  };
}

function lastInOrder(q: TriageDocument['questionnaire'], answers: Answers): string | null {
  const order = [...answerableItems(q).keys()];
  let last: string | null = null;
  for (const linkId of order) if (answers[linkId]) last = linkId;
  return last;
}

export function decisionView(d: DecisionRow) {
  return {
    id: d.id,
    kind: d.kind,
    redFlagId: d.red_flag_id,
    urgency: d.urgency as never,
    visitForm: d.visit_form as 'physical' | 'digital',
    profession: d.profession,
    competence: d.competence,
    route: d.route as never,
    requestedRoute: (d.requested_route as never) ?? null,
    routingReason: d.routing_reason,
    unit: d.unit_id ? { id: d.unit_id, name: d.unit_name ?? '', phone: d.unit_phone ?? null } : null,
    articleId: d.article_id,
    bookingType: d.booking_type,
    decidedAt: d.decided_at.toISOString(),
  };
}

export type TriageEngine = ReturnType<typeof createTriageEngine>;
