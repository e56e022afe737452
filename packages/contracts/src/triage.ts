/**
 * Triage ("En väg in"): the citizen flow (`/api/triage/...`), the same flow
 * for a nurse on the phone (`/api/staff/triage/...`), and the region's
 * authoring and report (`/api/admin/triage/...`). Questionnaires are FHIR R4
 * Questionnaires; answers are FHIR answer values (`{ valueBoolean: true }`,
 * `{ valueCoding: { code } }`, …) checked by the domain engine, which names
 * the item in every error.
 */
import { z } from 'zod';
import { IsoDateTime } from './common.js';

export const TriageRoute = z.enum(['message_unit', 'drop_in_video', 'book_time', 'self_care', 'call_1177', 'call_112']);
export const TriageUrgency = z.enum(['acute', 'same_day', 'within_3_days', 'within_14_days', 'within_90_days']);

/** One FHIR answer value; the engine checks it against the item's type. */
export const TriageAnswerValue = z
  .record(z.string(), z.unknown())
  .describe('FHIR value[x], e.g. { "valueBoolean": true }');
/** A FHIR resource as JSON; the engine checks it. */
export const FhirResource = z.record(z.string(), z.unknown());

export const TriageIdParams = z.object({ id: z.uuid() });
/** A photo answer of a triage (`valueAttachment.url` names the citizen's route; staff use the same tail). */
export const TriagePhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

export const StartTriageRequest = z.object({
  /** Whom the triage is for (a guardian for a child); absent = oneself. */
  subjectId: z.uuid().optional(),
});

export const StaffStartTriageRequest = z.object({ personId: z.uuid() });

export const AnswerRequest = z.object({
  linkId: z.string().min(1).max(64),
  /** null clears the answer (an optional question skipped). */
  answer: TriageAnswerValue.nullable(),
});

export const SubmitRequest = z.object({
  /** Optionally the whole answer set as a QuestionnaireResponse; it must name the session's version. */
  response: FhirResource.optional(),
});

export const TriageUnit = z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable() });

export const TriageDecision = z.object({
  id: z.uuid(),
  kind: z.enum(['outcome', 'red_flag', 'talk_to_someone']),
  redFlagId: z.string().nullable(),
  urgency: TriageUrgency,
  visitForm: z.enum(['physical', 'digital']),
  profession: z.string(),
  competence: z.string().nullable(),
  route: TriageRoute,
  /** The route the rules chose when routing had to fall back (e.g. the unit was closed). */
  requestedRoute: TriageRoute.nullable(),
  routingReason: z.string(),
  unit: TriageUnit.nullable(),
  articleId: z.string().nullable(),
  bookingType: z.string().nullable(),
  decidedAt: IsoDateTime,
});

export const TriageSession = z.object({
  id: z.uuid(),
  status: z.enum(['draft', 'decided']),
  subjectPersonId: z.uuid(),
  /** `url|version` the session is pinned to. */
  questionnaire: z.string(),
  versionId: z.uuid(),
  /** The questions (FHIR Questionnaire without the rules). */
  items: z.array(z.record(z.string(), z.unknown())),
  title: z.string(),
  answers: z.record(z.string(), z.array(TriageAnswerValue)),
  /** The next question to show (null: ready to submit, or decided). */
  next: z.string().nullable(),
  expiresAt: IsoDateTime,
  decision: TriageDecision.nullable(),
});
export const TriageSessionResponse = z.object({ data: TriageSession });

// ---- staff ----

export const StaffTriageView = z.object({
  session: TriageSession,
  /** The answers as a QuestionnaireResponse, for the record. */
  response: FhirResource.nullable(),
  overrides: z.array(
    z.object({
      route: TriageRoute,
      urgency: TriageUrgency,
      reason: z.string(),
      staffId: z.uuid(),
      createdAt: IsoDateTime,
    }),
  ),
});
export const StaffTriageViewResponse = z.object({ data: StaffTriageView });

export const TriageOverrideRequest = z.object({
  route: TriageRoute,
  urgency: TriageUrgency,
  reason: z.string().trim().min(1).max(500),
});

// ---- authoring ----

export const TriageVersionSummary = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['draft', 'published', 'superseded']),
  updatedAt: IsoDateTime,
  publishedAt: IsoDateTime.nullable(),
});

export const TriageQuestionnaireSummary = z.object({
  id: z.uuid(),
  url: z.string(),
  title: z.string(),
  versions: z.array(TriageVersionSummary),
});
export const TriageQuestionnaireListResponse = z.object({ data: z.array(TriageQuestionnaireSummary) });

export const CreateQuestionnaireRequest = z.union([
  z.object({ demo: z.literal(true) }),
  z.object({ document: FhirResource }),
]);

export const BenchResult = z.object({
  name: z.string(),
  passed: z.boolean(),
  actual: z.object({ route: TriageRoute, urgency: TriageUrgency, redFlag: z.string().nullable() }).nullable(),
  problems: z.array(z.object({ linkId: z.string(), code: z.string(), message: z.string() })),
});

export const TriageVersionDetail = TriageVersionSummary.extend({
  questionnaireId: z.uuid(),
  url: z.string(),
  document: FhirResource,
  bench: z.array(BenchResult),
  /** Why it cannot be published now (empty: it can). */
  blockers: z.array(z.object({ linkId: z.string(), code: z.string(), message: z.string() })),
});
export const TriageVersionResponse = z.object({ data: TriageVersionDetail });

export const UpdateVersionRequest = z.object({ document: FhirResource });
export const NewVersionRequest = z.object({ document: FhirResource.optional() });

export const TriageReportQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
});
export const TriageReportWeek = z.object({
  /** ISO week, e.g. 2026-W49 (Monday, Stockholm). */
  week: z.string(),
  total: z.number().int(),
  byRoute: z.record(TriageRoute, z.number().int()),
  byUrgency: z.record(TriageUrgency, z.number().int()),
  redFlags: z.number().int(),
  talkToSomeone: z.number().int(),
  overrides: z.number().int(),
});
export const TriageReportResponse = z.object({ data: z.array(TriageReportWeek) });

export const UnitTriageSettings = z.object({
  offers: z.array(z.enum(['message_unit', 'drop_in_video', 'book_time'])),
  ageMin: z.number().int().min(0).max(130).nullable(),
  ageMax: z.number().int().min(0).max(130).nullable(),
  nightUnit: z.boolean(),
  openOnHolidays: z.boolean(),
});
export const UnitTriageSettingsParams = z.object({ unitId: z.uuid() });
export const UnitTriageSettingsResponse = z.object({ data: UnitTriageSettings.extend({ unitId: z.uuid() }) });

export const UnitTriageListResponse = z.object({
  data: z.array(
    z.object({
      decisionId: z.uuid(),
      sessionId: z.uuid(),
      personId: z.uuid(),
      name: z.string(),
      protectedIdentity: z.boolean(),
      route: TriageRoute,
      urgency: TriageUrgency,
      kind: z.enum(['outcome', 'red_flag', 'talk_to_someone']),
      decidedAt: IsoDateTime,
    }),
  ),
});
