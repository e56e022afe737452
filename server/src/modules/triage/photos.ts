/**
 * Photo answers ("rash with a photo"): the citizen uploads through messaging's
 * upload route (10 MB, content-sniffed JPEG/PNG/HEIC, metadata stripped), then
 * answers the attachment question with `{ attachmentId }`. The upload is held
 * by the session (so the purge of unsent uploads keeps it) and the answer
 * stores a FHIR `valueAttachment` whose url is the session's photo route. The
 * files stay messaging's: triage reaches them only through the face below,
 * passed in from messaging's public face in app.ts.
 */
import type { FastifyReply } from 'fastify';
import type { Queryable } from '../../platform/db/index.js';
import { badRequest, notFound } from '../../platform/errors.js';

type Holder = 'triage';
type StoredType = 'image/jpeg' | 'image/png' | 'application/pdf';
interface HeldRow {
  id: string;
  storage_key: string;
  content_type: StoredType;
  filename: string;
}

/** Messaging's held uploads, as triage uses them (messaging's `heldFiles`). */
export interface HeldFiles {
  hold(
    q: Queryable,
    a: {
      attachmentId: string;
      uploaderPersonId: string;
      subjectPersonId: string;
      holder: Holder;
      ref: string;
      field?: string;
    },
  ): Promise<{ id: string; contentType: 'image/jpeg' | 'image/png' }>;
  read(q: Queryable, holder: Holder, ref: string, id: string): Promise<HeldRow>;
  file(row: HeldRow): Promise<{ data: Buffer; contentType: StoredType; filename: string }>;
  release(q: Queryable, holder: Holder, refs: string[], keep?: string[]): Promise<void>;
}

/** Without messaging's files (a test instance): a photo answer is refused, nothing is held. */
export const noPhotos: HeldFiles = {
  hold: () => Promise.reject(badRequest('photo_unavailable', 'Photos cannot be added here.', { answer: 'no photos' })),
  read: () => Promise.reject(notFound('photo')),
  file: () => Promise.reject(notFound('photo')),
  release: async () => {},
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The url a photo answer stores: the session's own photo route (the staff route has the same tail). */
export const photoUrl = (sessionId: string, attachmentId: string) =>
  `/api/triage/sessions/${sessionId}/photos/${attachmentId}`;

/** The photo ids a session's answers name (only urls of this session's own photo route count). */
export function photoIdsIn(sessionId: string, answers: unknown): string[] {
  const pattern = new RegExp(`^/api/triage/sessions/${sessionId}/photos/(${UUID})$`);
  const ids: string[] = [];
  if (!answers || typeof answers !== 'object') return ids;
  for (const list of Object.values(answers as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      const url = (a as { valueAttachment?: { url?: unknown } })?.valueAttachment?.url;
      const m = typeof url === 'string' ? pattern.exec(url) : null;
      if (m?.[1]) ids.push(m[1]);
    }
  }
  return ids;
}

/** An attachment answer as a client may send it: only `{ attachmentId }` (never a url of its own). */
export function attachmentIdOf(linkId: string, raw: unknown): string {
  const id = raw && typeof raw === 'object' ? (raw as { attachmentId?: unknown }).attachmentId : undefined;
  if (typeof id !== 'string' || !new RegExp(`^${UUID}$`).test(id)) {
    throw badRequest('photo_required', 'Välj en bild och ladda upp den först.', {
      [`answers.${linkId}`]: 'an uploaded photo ({ attachmentId })',
    });
  }
  return id;
}

/** Sends a photo: never cached, never sniffed, shown inline, in a sandbox. */
export function sendPhoto(reply: FastifyReply, file: { data: Buffer; contentType: string }) {
  return reply
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('content-disposition', 'inline')
    .type(file.contentType)
    .send(file.data);
}
