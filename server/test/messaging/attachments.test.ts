/**
 * Attachments: type by content (forged names and types refused), the 10 MB
 * limit, EXIF/GPS stripped from pictures, served only through the authorised
 * routes (audited, not cached), sent with a message only by their uploader.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, auditRows, count, type Headers, type MessagingWorld, S, setUnit, startWorld, U } from './fixtures.js';

let w: MessagingWorld;
let http: ReturnType<typeof api>;

/** A small JPEG carrying a camera make and a GPS position in its EXIF. */
async function gpsJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: 'red' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone', Model: 'X' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 20/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '18/1 3/1 0/1' },
    })
    .toBuffer();
}
const GPS_POINTER = Buffer.from([0x25, 0x88]); // EXIF tag 0x8825 (GPS IFD), little-endian

const upload = (
  h: Headers,
  data: Buffer,
  filename: string,
  contentType = 'application/octet-stream',
  subjectId?: string,
) =>
  w.t.app.inject({
    method: 'POST',
    url: `/api/messaging/attachments?filename=${encodeURIComponent(filename)}${subjectId ? `&subjectId=${subjectId}` : ''}`,
    headers: { ...h, 'content-type': contentType },
    payload: data,
  });
const fetchFile = (h: Headers, id: string) =>
  w.t.app.inject({ method: 'GET', url: `/api/messaging/attachments/${id}`, headers: h });

beforeAll(async () => {
  w = await startWorld();
  http = api(w);
  await setUnit(w, U.vcSolberga, 'start');
});
afterAll(async () => {
  await w.t.close();
});

describe('upload', () => {
  test('a JPEG with GPS EXIF is stored without any metadata, upright and re-encoded', async () => {
    const original = await gpsJpeg();
    expect((await sharp(original).metadata()).exif?.includes(GPS_POINTER)).toBe(true);
    const margit = await w.citizen('margit');
    const res = await upload(margit, original, 'IMG_0001.JPG', 'image/jpeg');
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      contentType: 'image/jpeg',
      kind: 'image',
      width: 40,
      height: 30,
      filename: 'IMG_0001.jpg',
    });
    const file = await fetchFile(margit, res.json().data.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(file.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(file.rawPayload.includes(Buffer.from('Phone'))).toBe(false);
    expect(file.rawPayload.includes(GPS_POINTER)).toBe(false);
  });

  test('PNG stays PNG, PDF is kept as is; multipart uploads work too', async () => {
    const margit = await w.citizen('margit');
    const png = await sharp({ create: { width: 8, height: 8, channels: 4, background: '#00ff0080' } })
      .png()
      .toBuffer();
    const p = await upload(margit, png, 'skärmbild.png', 'image/png');
    expect(p.json().data).toMatchObject({ contentType: 'image/png', filename: 'skärmbild.png' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const boundary = 'x-boundary-123';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="remiss.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const m = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/attachments',
      headers: { ...margit, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(m.statusCode).toBe(201);
    expect(m.json().data).toMatchObject({ contentType: 'application/pdf', kind: 'pdf', filename: 'remiss.pdf' });
    const file = await fetchFile(margit, m.json().data.id);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.rawPayload.equals(pdf)).toBe(true);
  });

  test('forged types: text named .jpg, a PDF named .jpg, a JPEG declared as PDF, an .exe → 400, nothing stored', async () => {
    const margit = await w.citizen('margit');
    const before = await count(w, 'message_attachments');
    const text = await upload(margit, Buffer.from('hello, I am not a picture'), 'utslag.jpg', 'image/jpeg');
    expect(text.statusCode).toBe(400);
    expect(text.json().error).toMatchObject({ code: 'unsupported_file_type', fields: { file: expect.any(String) } });
    const pdfAsJpg = await upload(margit, Buffer.from('%PDF-1.4\n%%EOF\n'), 'utslag.jpg');
    expect(pdfAsJpg.statusCode).toBe(400);
    expect(pdfAsJpg.json().error.code).toBe('forged_file_type');
    const jpegAsPdf = await upload(margit, await gpsJpeg(), 'bild', 'application/pdf');
    expect(jpegAsPdf.json().error.code).toBe('forged_file_type');
    const exe = await upload(margit, await gpsJpeg(), 'virus.exe');
    expect(exe.json().error.code).toBe('forged_file_type');
    // A type the upload route does not take is refused before the body is read (issue 12).
    const html = await upload(margit, Buffer.from('<html><script>alert(1)</script>'), 'x.png', 'text/html');
    expect(html.statusCode).toBe(415);
    const broken = await upload(
      margit,
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100)]),
      'trasig.jpg',
    );
    expect(broken.json().error.code).toBe('unreadable_file');
    // Something that claims to be HEIC (ftyp box) but is not a picture: refused, not stored.
    const fakeHeic = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic\0\0\0\0mif1heic'),
      Buffer.alloc(64),
    ]);
    const heic = await upload(margit, fakeHeic, 'IMG_0002.HEIC', 'image/heic');
    expect(heic.statusCode).toBe(400);
    expect(heic.json().error.code).toBe('unreadable_file');
    expect(await count(w, 'message_attachments')).toBe(before);
  });

  test('over 10 MB → 413, empty → 400, nothing stored', async () => {
    const margit = await w.citizen('margit');
    const before = await count(w, 'message_attachments');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0);
    big.write('%PDF-1.4\n');
    const res = await upload(margit, big, 'stor.pdf');
    expect(res.statusCode).toBe(413);
    const empty = await upload(margit, Buffer.alloc(0), 'tom.pdf');
    expect(empty.statusCode).toBe(400);
    expect(await count(w, 'message_attachments')).toBe(before);
  });
});

describe('sending and serving', () => {
  test('attach to a message; the unit sees it (audited), another patient and another unit get 404', async () => {
    const margit = await w.citizen('margit');
    const up = await upload(margit, await gpsJpeg(), 'utslag.jpg');
    const id = up.json().data.id as string;
    // Someone else cannot send Margit's upload.
    const karin = await w.citizen('karin');
    const stolen = await http.start(karin, { unitId: U.vcSolberga, subject: 'x', body: 'x', attachmentIds: [id] });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.fields.attachmentIds).toBeTruthy();
    expect((await fetchFile(karin, id)).statusCode).toBe(404);

    const started = await http.start(margit, {
      unitId: U.vcSolberga,
      subject: 'Utslag',
      body: '',
      attachmentIds: [id],
    });
    expect(started.statusCode).toBe(201);
    const conversation = started.json().data;
    expect(conversation.messages[0].attachments[0]).toMatchObject({ id, kind: 'image' });
    expect(conversation.lastMessagePreview).toBe('📎');
    // Already sent: cannot be attached again.
    expect((await http.send(margit, conversation.id, { body: 'igen', attachmentIds: [id] })).statusCode).toBe(400);

    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const staffFile = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.vcSolberga}/messaging/attachments/${id}`,
      headers: nadia,
    });
    expect(staffFile.statusCode).toBe(200);
    expect(staffFile.headers['content-type']).toBe('image/jpeg');
    const audit = await auditRows(w, w.ids.margit!, 'conversation_attachment');
    expect(audit.some((a) => a.actor_staff_id === S.nurseSolberga && a.record_id === id)).toBe(true);
    expect(audit.some((a) => a.actor_person_id === w.ids.margit && a.record_id === id)).toBe(false);
    expect((await fetchFile(margit, id)).statusCode).toBe(200);
    expect(
      (await auditRows(w, w.ids.margit!, 'conversation_attachment')).some((a) => a.actor_person_id === w.ids.margit),
    ).toBe(true);

    const nils = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    const foreign = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.vcNorrtull}/messaging/attachments/${id}`,
      headers: nils,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await w.t.app.inject({ method: 'GET', url: `/api/messaging/attachments/${id}`, headers: {} })).statusCode,
    ).toBe(401);
  });

  test('the storage key is random and never part of a URL or response', async () => {
    const margit = await w.citizen('margit');
    const up = await upload(margit, await gpsJpeg(), 'a.jpg');
    const row = await w.t.ctx.db
      .selectFrom('message_attachments')
      .select('storage_key')
      .where('id', '=', up.json().data.id)
      .executeTakeFirstOrThrow();
    expect(row.storage_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(up.body).not.toContain(row.storage_key);
  });

  test('staff attach a file to an answer; the patient can open it', async () => {
    const margit = await w.citizen('margit');
    const c = (await http.start(margit, { unitId: U.vcSolberga, subject: 'Hej', body: 'Hej' })).json().data;
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } })
      .png()
      .toBuffer();
    const up = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${U.vcSolberga}/messaging/attachments?filename=instruktion.png`,
      headers: { ...nadia, 'content-type': 'image/png' },
      payload: png,
    });
    expect(up.statusCode).toBe(201);
    const sent = await http.staffPost(nadia, U.vcSolberga, c.id, 'messages', {
      body: 'Se bilden',
      attachmentIds: [up.json().data.id],
    });
    expect(sent.statusCode).toBe(201);
    expect((await fetchFile(margit, up.json().data.id)).statusCode).toBe(200);
    // An attachment on an internal note is never served to the patient.
    const up2 = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${U.vcSolberga}/messaging/attachments?filename=intern.png`,
      headers: { ...nadia, 'content-type': 'image/png' },
      payload: png,
    });
    await http.staffPost(nadia, U.vcSolberga, c.id, 'notes', { body: 'intern', attachmentIds: [up2.json().data.id] });
    expect((await fetchFile(margit, up2.json().data.id)).statusCode).toBe(404);
  });
});

describe('demo data', () => {
  test("Anna's picture of Elsa's rash is served to Anna (for Elsa) and to the BVC nurse", async () => {
    const anna = await w.citizen('anna');
    const list = await http.list(anna, w.ids.elsa);
    const conversation = list.json().data.find((c: { subject: string }) => c.subject === 'Prickar på armen');
    expect(conversation).toMatchObject({ status: 'waiting_for_patient', unreadCount: 1 });
    const detail = (await http.get(anna, conversation.id, w.ids.elsa)).json().data;
    const picture = detail.messages[0].attachments[0];
    expect(picture).toMatchObject({ kind: 'image', contentType: 'image/jpeg' });
    const file = await w.t.app.inject({
      method: 'GET',
      url: `/api/messaging/attachments/${picture.id}?subjectId=${w.ids.elsa}`,
      headers: anna,
    });
    expect(file.statusCode).toBe(200);
    expect((await sharp(file.rawPayload).metadata()).width).toBe(480);
    const bodil = await w.staff(S.bvcNurse, U.bvcSolberga);
    const staffFile = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.bvcSolberga}/messaging/attachments/${picture.id}`,
      headers: bodil,
    });
    expect(staffFile.statusCode).toBe(200);
  });
});
