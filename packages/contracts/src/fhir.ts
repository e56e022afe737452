/**
 * "Ladda ner mina uppgifter" (the citizen's data as FHIR) and the daily open
 * dataset. The FHIR API itself answers in FHIR R4 JSON (see /api/fhir/metadata).
 */
import { z } from 'zod';
import { IsoDateTime } from './common.js';

export const CreateExportRequest = z.object({
  /** Someone the citizen is guardian of; omitted = oneself. */
  subjectPersonId: z.uuid().optional(),
});
export type CreateExportRequest = z.infer<typeof CreateExportRequest>;

export const ExportItem = z.object({
  id: z.uuid(),
  subject: z.object({ personId: z.uuid(), name: z.string() }),
  status: z.enum(['pending', 'ready', 'failed', 'expired']),
  createdAt: IsoDateTime,
  readyAt: IsoDateTime.nullable(),
  /** The download works until then, for the person who asked only. */
  expiresAt: IsoDateTime.nullable(),
});
export type ExportItem = z.infer<typeof ExportItem>;
export const ExportResponse = z.object({ data: ExportItem });
export const ExportListResponse = z.object({ data: z.array(ExportItem) });
export const ExportParams = z.object({ id: z.string() });

export const OpenDataRow = z.object({
  date: z.string().describe('YYYY-MM-DD (Europe/Stockholm)'),
  unitId: z.uuid(),
  unitName: z.string(),
  municipality: z.string(),
  timeTypeCode: z.string(),
  timeTypeName: z.string(),
  capacity: z.number().int(),
  /** Null when 1–4 (suppressed: a small count could point at a person). */
  booked: z.number().int().nullable(),
  /** Null when booked is suppressed (it would give it away). */
  free: z.number().int().nullable(),
  /** Median days from booking to visit for that day's visits; null under 5 bookings. */
  medianLeadDays: z.number().nullable(),
});
export type OpenDataRow = z.infer<typeof OpenDataRow>;

/** The waiting room on one day (one room: the whole app, or one time type's booking). Counts of anonymous tickets. */
export const OpenDataQueuePeak = z.object({
  date: z.string().describe('YYYY-MM-DD (Europe/Stockholm)'),
  scope: z.enum(['app', 'time_type']),
  timeTypeCode: z.string().nullable(),
  timeTypeName: z.string().nullable(),
  /** The longest queue seen that day (people who had arrived and not yet been let in). */
  peakWaiting: z.number().int(),
  peakAt: IsoDateTime,
  arrivals: z.number().int(),
  admitted: z.number().int(),
});
export type OpenDataQueuePeak = z.infer<typeof OpenDataQueuePeak>;

export const OpenDataResponse = z.object({
  day: z.string(),
  generatedAt: IsoDateTime,
  license: z.string(),
  suppression: z.string(),
  rows: z.array(OpenDataRow),
  /** The waiting room's busiest moment per room and day, over the week behind. */
  waitingRoomPeaks: z.array(OpenDataQueuePeak),
});
export type OpenDataResponse = z.infer<typeof OpenDataResponse>;
export const OpenDataQuery = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .optional(),
});
