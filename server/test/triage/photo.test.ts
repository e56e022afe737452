/**
 * Photo in triage ("rash with a photo"): the citizen uploads through
 * messaging's upload route, answers the attachment question with
 * `{ attachmentId }`; the session holds the upload (the purge of unsent
 * uploads keeps it), the patient and staff with a care relationship can view
 * it (audited), others cannot.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentService } from '../../src/modules/messaging/attachments.js';
import { purgeMessaging } from '../../src/modules/messaging/retention.js';
import { createTriageModule } from '../../src/modules/triage/index.js';
import { createStorage } from '../../src/platform/storage.js';
import { code, type Headers, type Json, no, S, startWorld, type TriageWorld, U } from './fixtures.js';

let w: TriageWorld;
beforeAll(async () => {
  w = await startWorld();
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const jpeg = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } })
    .jpeg()
    .toBuffer();
const upload = (h: Headers, data: Buffer, filename: string, contentType = 'application/octet-stream') =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/messaging/attachments?filename=${encodeURIComponent(filename)}`,
    headers: { ...h, 'content-type': contentType },
    payload: data,
  });
const put = (h: Headers, id: string, linkId: string, answer: unknown) =>
  w.t.app.inject({ method: 'PUT', url: `/api/triage/sessions/${id}/answer`, headers: h, payload: { linkId, answer } });
const get = (h: Headers, url: string) => w.t.app.inject({ method: 'GET', url, headers: h });

async function rashSession(h: Headers): Promise<string> {
  const res = await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: h, payload: {} });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().data.id as string;
  for (const [linkId, answer] of [
    ['chest-pain', no],
    ['breathing', no],
    ['concern', code('rash')],
  ] as const) {
    expect((await put(h, id, linkId, answer)).statusCode).toBe(200);
  }
  return id;
}
const auditOf = (recordId: string) =>
  w.t.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'actor_staff_id', 'actor_person_id'])
    .where('record_type', '=', 'triage_photo')
    .where('record_id', '=', recordId)
    .orderBy('at')
    .execute();

describe('photo in triage', () => {
  it('upload → answer → decided; the patient and the unit see it (audited), another unit does not', async () => {
    const anna = await w.citizen('anna');
    const id = await rashSession(anna);
    const up = await upload(anna, await jpeg(), 'utslag.jpg', 'image/jpeg');
    expect(up.statusCode, up.body).toBe(201);
    const photoId = up.json().data.id as string;

    const answered = await put(anna, id, 'rash-photo', { attachmentId: photoId });
    expect(answered.statusCode, answered.body).toBe(200);
    const url = `/api/triage/sessions/${id}/photos/${photoId}`;
    expect(answered.json().data.answers['rash-photo']).toEqual([
      { valueAttachment: { contentType: 'image/jpeg', url } },
    ]);
    expect(await auditOf(photoId)).toMatchObject([{ action: 'create', actor_person_id: w.ids.anna }]);

    // The patient sees her own photo (never cached, not sniffed), audited.
    const mine = await get(anna, url);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/jpeg');
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect((await sharp(mine.rawPayload).metadata()).width).toBe(40);
    // Someone else's citizen session: not found.
    expect((await get(await w.citizen('johan'), url)).statusCode).toBe(404);

    for (const [linkId, answer] of [
      ['rash-fever', no],
      ['rash-spreading', no],
    ] as const) {
      expect((await put(anna, id, linkId, answer)).statusCode).toBe(200);
    }
    const decided = await w.t.app.inject({
      method: 'POST',
      url: `/api/triage/sessions/${id}/submit`,
      headers: anna,
      payload: {},
    });
    expect(decided.statusCode, decided.body).toBe(200);

    // Held: the purge of unsent uploads (a day later) keeps it; it counts as no pending upload.
    w.clock.advance(3 * 86_400_000);
    try {
      await purgeMessaging(w.t.ctx, createStorage(w.t.ctx.config));
    } finally {
      w.clock.set('2026-12-07T09:00:00Z');
    }
    expect((await get(anna, url)).statusCode).toBe(200);

    // Staff of the listed unit (care relationship): the same photo, audited by the gate.
    const staffUrl = `/api/staff/triage/sessions/${id}/photos/${photoId}`;
    const nurse = await w.staff(S.nurseSolberga, U.vcSolberga);
    const seen = await get(nurse, staffUrl);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.headers['content-type']).toBe('image/jpeg');
    // Another unit without a relationship: refused (and the refusal recorded by the gate).
    const norrtull = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    const refused = await get(norrtull, staffUrl);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('no_care_relationship');
    const audit = await auditOf(photoId);
    expect(audit.filter((a) => a.action === 'read' && a.actor_staff_id === S.nurseSolberga)).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'read' && a.actor_person_id === w.ids.anna)).toHaveLength(2);
    // A photo id the triage does not name: not found, even for the unit.
    expect((await get(nurse, `/api/staff/triage/sessions/${id}/photos/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('refuses with a code naming the field: a made-up url, a stranger’s upload, a PDF, bad files', async () => {
    const anna = await w.citizen('anna');
    const id = await rashSession(anna);
    // A made-up url instead of an upload.
    const madeUp = await put(anna, id, 'rash-photo', { contentType: 'image/jpeg', url: 'https://evil.example/x.jpg' });
    expect(madeUp.statusCode).toBe(400);
    expect(madeUp.json().error).toMatchObject({
      code: 'photo_required',
      fields: { 'answers.rash-photo': expect.any(String) },
    });
    // Someone else's upload.
    const johan = await w.citizen('johan');
    const his = (await upload(johan, await jpeg(), 'x.jpg')).json().data.id as string;
    const stolen = await put(anna, id, 'rash-photo', { attachmentId: his });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error).toMatchObject({
      code: 'photo_not_found',
      fields: { 'answers.rash-photo': expect.any(String) },
    });
    // A PDF is an upload, but not a photo: 415.
    const pdf = await upload(anna, Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'a.pdf');
    expect(pdf.statusCode, pdf.body).toBe(201);
    const notImage = await put(anna, id, 'rash-photo', { attachmentId: pdf.json().data.id });
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json().error).toMatchObject({
      code: 'photo_not_image',
      fields: { 'answers.rash-photo': expect.any(String) },
    });
    // The upload route's own checks (messaging's): too large (413) and a forged type (400), naming `file`.
    const big = await upload(anna, Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.jpg');
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'file_too_large', fields: { file: expect.any(String) } });
    const forged = await upload(anna, Buffer.from('not a picture at all'), 'x.png', 'image/png');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.fields).toHaveProperty('file');
    // Nothing was stored as an answer; a whole response cannot smuggle a photo in either.
    const submitted = await w.t.app.inject({
      method: 'POST',
      url: `/api/triage/sessions/${id}/submit`,
      headers: anna,
      payload: {
        response: {
          resourceType: 'QuestionnaireResponse',
          questionnaire: 'https://ingang.se/fhir/Questionnaire/demo-triage|1',
          status: 'completed',
          item: [
            { linkId: 'chest-pain', answer: [{ valueBoolean: false }] },
            { linkId: 'breathing', answer: [{ valueBoolean: false }] },
            { linkId: 'concern', answer: [{ valueCoding: { code: 'rash' } }] },
            {
              linkId: 'rash-photo',
              answer: [
                { valueAttachment: { contentType: 'image/jpeg', url: `/api/triage/sessions/${id}/photos/${his}` } },
              ],
            },
            { linkId: 'rash-fever', answer: [{ valueBoolean: false }] },
            { linkId: 'rash-spreading', answer: [{ valueBoolean: false }] },
          ],
        },
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(400);
    expect(submitted.json().error.code).toBe('photo_required');
  });

  it('a replaced photo is let go; a nurse on the phone cannot add one', async () => {
    const anna = await w.citizen('anna');
    const id = await rashSession(anna);
    const first = (await upload(anna, await jpeg(), 'a.jpg')).json().data.id as string;
    const second = (await upload(anna, await jpeg(), 'b.jpg')).json().data.id as string;
    expect((await put(anna, id, 'rash-photo', { attachmentId: first })).statusCode).toBe(200);
    expect((await put(anna, id, 'rash-photo', { attachmentId: second })).statusCode).toBe(200);
    const rows = await w.t.ctx.db
      .selectFrom('message_attachments')
      .select(['id', 'held_by'])
      .where('id', 'in', [first, second])
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.held_by]))).toEqual({ [first]: null, [second]: 'triage' });
    expect((await get(anna, `/api/triage/sessions/${id}/photos/${first}`)).statusCode).toBe(404);

    const nurse = await w.staff(S.nurseSolberga, U.vcSolberga);
    const phone = await w.t.app.inject({
      method: 'POST',
      url: '/api/staff/triage/sessions',
      headers: nurse,
      payload: { personId: w.ids.anna },
    });
    expect(phone.statusCode, phone.body).toBe(201);
    const sid = (phone.json().data as Json).session.id as string;
    for (const [linkId, answer] of [
      ['chest-pain', no],
      ['breathing', no],
      ['concern', code('rash')],
    ] as const) {
      await w.t.app.inject({
        method: 'PUT',
        url: `/api/staff/triage/sessions/${sid}/answer`,
        headers: nurse,
        payload: { linkId, answer },
      });
    }
    const res = await w.t.app.inject({
      method: 'PUT',
      url: `/api/staff/triage/sessions/${sid}/answer`,
      headers: nurse,
      payload: { linkId: 'rash-photo', answer: { attachmentId: second } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'photo_by_patient',
      fields: { 'answers.rash-photo': expect.any(String) },
    });
  });

  it('a draft left half-way lets its photo go when it is removed; the upload purge then deletes it', async () => {
    const anna = await w.citizen('anna');
    const id = await rashSession(anna);
    const photoId = (await upload(anna, await jpeg(), 'c.jpg')).json().data.id as string;
    expect((await put(anna, id, 'rash-photo', { attachmentId: photoId })).statusCode).toBe(200);
    const { ctx } = w.t;
    const storage = createStorage(ctx.config);
    const files = createAttachmentService(ctx, storage);
    const triage = createTriageModule({
      ...ctx,
      video: { startPatientMeeting: () => Promise.reject(new Error('not used')) },
      messaging: {
        startPatientConversation: () => Promise.reject(new Error('not used')),
        pushNotice: async () => {},
        startStaffConversation: () => Promise.reject(new Error('not used')),
        heldFiles: { hold: files.holdUpload, read: files.readHeld, file: files.readFile, release: files.releaseHeld },
      },
    });
    const row = () =>
      ctx.db.selectFrom('message_attachments').select('held_by').where('id', '=', photoId).executeTakeFirst();
    w.clock.advance(2 * 86_400_000);
    try {
      expect(await triage.purgeDrafts()).toBeGreaterThan(0);
      expect(await row()).toEqual({ held_by: null });
      await purgeMessaging(ctx, storage);
      expect(await row()).toBeUndefined();
    } finally {
      w.clock.set('2026-12-07T09:00:00Z');
    }
  });
});
