/**
 * Errand types (ärendetyper): `GET /api/errands?subjectId` (the listed unit's
 * switched-on types with their forms), `POST /api/errands` (start one; it
 * lands in the unit's inbox), and `GET|PUT /api/admin/units/:unitId/errand-types`.
 */
import { z } from 'zod';

export const ErrandKind = z.enum([
  'prescription_renewal',
  'certificate',
  'contact_me',
  'journal_copy',
  'book_time',
  'ask_question',
]);
const Text = z.object({ sv: z.string(), en: z.string() });

export const ErrandTypeView = z.object({
  kind: ErrandKind,
  title: Text,
  handler: z.enum(['nurse', 'doctor', 'administrator']),
  responseDays: z.number().int(),
  bookingType: z.string().optional(),
  fields: z.array(
    z.object({
      id: z.string(),
      label: Text,
      type: z.enum(['text', 'textarea', 'choice']),
      required: z.boolean(),
      options: z.array(z.object({ code: z.string(), label: Text })).optional(),
      maxLength: z.number().int(),
    }),
  ),
});

export const ErrandTypesQuery = z.object({ subjectId: z.uuid().optional() });
export const ErrandTypesResponse = z.object({
  data: z.object({
    unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    types: z.array(ErrandTypeView),
  }),
});

export const StartErrandRequest = z
  .object({
    subjectId: z.uuid().optional(),
    unitId: z.uuid(),
    kind: ErrandKind,
    /** Field id → text (a choice by its code). */
    answers: z.record(z.string(), z.unknown()).default({}),
    /** Makes a repeated submit harmless (the same conversation). */
    clientId: z.uuid().optional(),
  })
  .strict();
export const StartErrandResponse = z.object({
  data: z.object({ kind: ErrandKind, conversationId: z.uuid().nullable(), bookingType: z.string().nullable() }),
});

export const UnitErrandType = z.object({
  kind: ErrandKind,
  enabled: z.boolean(),
  responseDays: z.number().int().min(0).max(30).nullable().optional(),
  topicId: z.uuid().nullable().optional(),
});
export const UnitErrandTypesRequest = z.object({ types: z.array(UnitErrandType).min(1).max(6) });
export const UnitErrandTypesResponse = z.object({
  data: z.array(
    z.object({
      kind: ErrandKind,
      title: Text,
      enabled: z.boolean(),
      responseDays: z.number().int(),
      topicId: z.uuid().nullable(),
    }),
  ),
});
