/**
 * Authoring triage questionnaires (region administrators): a draft is edited
 * as a FHIR Questionnaire (rules and test bench as extensions), its bench
 * runs on every read, and it can be published only when every case passes
 * and every red flag is proven by a case. A published version is frozen; a
 * new draft supersedes it when published. The server owns url and version.
 */
import {
  demoTriageDocument,
  parseTriageDocument,
  publicationBlockers,
  runTestBench,
  type TriageDocument,
  toFhirQuestionnaire,
} from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { problemFields } from './engine.js';
import {
  findQuestionnaireByUrl,
  findVersion,
  insertDraft,
  insertQuestionnaire,
  latestVersion,
  listQuestionnaires,
  lockQuestionnaire,
  publishDraft,
  updateDraftDocument,
  type VersionRow,
} from './version-store.js';

interface Deps {
  db: Db;
  clock: Clock;
}

export function requireRegionAdmin(actor: StaffActor): void {
  if (!actor.regionAdmin) throw forbidden('region_admin_only', 'Only region administrators can do this.');
}

/** Parses an authored document; the 400 names every faulty item as `document.<linkId>`. */
function parseDocument(raw: unknown): TriageDocument {
  const parsed = parseTriageDocument(raw);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    throw badRequest(
      'invalid_questionnaire',
      first ? first.message : 'The questionnaire is not valid.',
      problemFields('document', parsed.problems),
    );
  }
  return parsed.value;
}

function pin(doc: TriageDocument, url: string, version: number, status: 'draft' | 'active'): TriageDocument {
  return { ...doc, questionnaire: { ...doc.questionnaire, url, version: String(version), status } };
}

function detail(row: VersionRow) {
  const parsed = parseTriageDocument(row.document);
  if (!parsed.ok) throw new Error(`stored triage version ${row.id} does not parse`);
  return {
    id: row.id,
    questionnaireId: row.questionnaire_id,
    url: row.url,
    version: row.version,
    status: row.status,
    updatedAt: row.updated_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
    document: toFhirQuestionnaire(parsed.value) as unknown as Record<string, unknown>,
    bench: runTestBench(parsed.value),
    blockers: row.status === 'draft' ? publicationBlockers(parsed.value) : [],
  };
}

export function createAuthoringService(deps: Deps) {
  const { db, clock } = deps;

  async function load(q: Queryable, id: string, lock = false): Promise<VersionRow> {
    const row = await findVersion(q, id, lock);
    if (!row) throw notFound('questionnaire version');
    return row;
  }

  return {
    async list(actor: StaffActor) {
      requireRegionAdmin(actor);
      const rows = await listQuestionnaires(db);
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        title: r.title,
        versions: r.versions.map((v) => ({
          id: v.id,
          version: v.version,
          status: v.status,
          updatedAt: v.updated_at.toISOString(),
          publishedAt: v.published_at?.toISOString() ?? null,
        })),
      }));
    },

    /** A new questionnaire from the demo or an imported FHIR document; version 1 as a draft. */
    async create(actor: StaffActor, input: { demo: true } | { document: Record<string, unknown> }) {
      requireRegionAdmin(actor);
      const doc = 'demo' in input ? demoTriageDocument() : parseDocument(input.document);
      const url = doc.questionnaire.url;
      return db.transaction().execute(async (trx) => {
        if (await findQuestionnaireByUrl(trx, url)) {
          throw conflict(
            'questionnaire_exists',
            `A questionnaire with url ${url} exists: import it as a new version of it.`,
          );
        }
        const now = clock.now();
        const questionnaireId = uuid();
        const versionId = uuid();
        await insertQuestionnaire(trx, {
          id: questionnaireId,
          url,
          title: doc.questionnaire.title,
          staffId: actor.staffId,
          at: now,
        });
        await insertDraft(trx, {
          id: versionId,
          questionnaireId,
          version: 1,
          document: toFhirQuestionnaire(pin(doc, url, 1, 'draft')),
          staffId: actor.staffId,
          at: now,
        });
        return detail(await load(trx, versionId));
      });
    },

    /** A new draft: a copy of the latest version, or an imported document. One draft at a time. */
    async newVersion(actor: StaffActor, questionnaireId: string, document: Record<string, unknown> | undefined) {
      requireRegionAdmin(actor);
      return db.transaction().execute(async (trx) => {
        const questionnaire = await lockQuestionnaire(trx, questionnaireId);
        if (!questionnaire) throw notFound('questionnaire');
        const latest = await latestVersion(trx, questionnaireId);
        if (latest?.status === 'draft')
          throw conflict('draft_exists', `Version ${latest.version} is still a draft: edit it.`);
        const doc = document ? parseDocument(document) : parseDocument(latest?.document);
        const version = (latest?.version ?? 0) + 1;
        const id = uuid();
        await insertDraft(trx, {
          id,
          questionnaireId,
          version,
          document: toFhirQuestionnaire(pin(doc, questionnaire.url, version, 'draft')),
          staffId: actor.staffId,
          at: clock.now(),
        });
        return detail(await load(trx, id));
      });
    },

    async get(actor: StaffActor, id: string) {
      requireRegionAdmin(actor);
      return detail(await load(db, id));
    },

    /** Replaces a draft's document. A published or superseded version answers 409. */
    async update(actor: StaffActor, id: string, document: Record<string, unknown>) {
      requireRegionAdmin(actor);
      const doc = parseDocument(document);
      return db.transaction().execute(async (trx) => {
        const row = await load(trx, id, true);
        if (row.status !== 'draft') {
          throw conflict(
            'version_frozen',
            `Version ${row.version} is ${row.status} and never changes: create a new version.`,
          );
        }
        await updateDraftDocument(trx, id, toFhirQuestionnaire(pin(doc, row.url, row.version, 'draft')), clock.now());
        return detail(await load(trx, id));
      });
    },

    /** Publishes a draft whose bench passes; the previous published version is superseded. */
    async publish(actor: StaffActor, id: string) {
      requireRegionAdmin(actor);
      return db.transaction().execute(async (trx) => {
        const peek = await load(trx, id);
        await lockQuestionnaire(trx, peek.questionnaire_id);
        const row = await load(trx, id, true);
        if (row.status !== 'draft')
          throw conflict('version_frozen', `Version ${row.version} is already ${row.status}.`);
        const parsed = parseTriageDocument(row.document);
        if (!parsed.ok) throw new Error(`stored triage version ${id} does not parse`);
        const blockers = publicationBlockers(parsed.value);
        if (blockers.length) {
          throw new AppError(
            409,
            'bench_failed',
            blockers.map((b) => b.message).join(' '),
            problemFields('bench', blockers),
          );
        }
        await publishDraft(trx, {
          id,
          questionnaireId: row.questionnaire_id,
          document: toFhirQuestionnaire(pin(parsed.value, row.url, row.version, 'active')),
          staffId: actor.staffId,
          at: clock.now(),
        });
        return detail(await load(trx, id));
      });
    },

    /** The version as a FHIR Questionnaire (rules and bench as extensions). */
    async exportFhir(actor: StaffActor, id: string) {
      requireRegionAdmin(actor);
      return detail(await load(db, id)).document;
    },
  };
}
