/**
 * Continuity: care episodes with a named care contact. Staff of the active
 * unit: `POST|GET /api/staff/care-episodes`, `POST /api/staff/care-episodes/:id/end`.
 * Citizens: `GET /api/care-contacts?subjectId` ("Din vårdkontakt") and
 * `POST /api/care-contacts/:id/messages` (write to the contact without triage).
 */
import { z } from 'zod';
import { IsoDateTime } from './common.js';

export const CareEpisode = z.object({
  id: z.uuid(),
  label: z.string(),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  contact: z.object({ staffId: z.uuid(), name: z.string(), title: z.string() }),
  since: IsoDateTime,
});
export const CareEpisodesResponse = z.object({ data: z.array(CareEpisode) });

export const RegisterCareEpisodeRequest = z
  .object({
    personId: z.uuid(),
    label: z.string().trim().min(1).max(80),
    contactStaffId: z.uuid(),
    topicId: z.uuid().nullable().optional(),
  })
  .strict();
export const CareEpisodesQuery = z.object({ personId: z.uuid() });
export const CareContactsQuery = z.object({ subjectId: z.uuid().optional() });
export const CareEpisodeIdParams = z.object({ id: z.uuid() });

export const WriteCareContactRequest = z
  .object({
    subjectId: z.uuid().optional(),
    subject: z.string().trim().min(1).max(80),
    body: z.string().trim().min(1).max(5000),
    clientId: z.uuid().optional(),
  })
  .strict();
export const WriteCareContactResponse = z.object({ data: z.object({ conversationId: z.uuid() }) });
