/**
 * Notifications of new messages (e-mail and web push, never the content; none
 * when read in time; representatives told too) and the retention purge.
 */
import { createECDH, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { purgeMessaging } from '../../src/modules/messaging/retention.js';
import { createStorage } from '../../src/platform/storage.js';
import { api, count, type MessagingWorld, S, setUnit, startWorld, U } from './fixtures.js';

let w: MessagingWorld;
let h: ReturnType<typeof api>;
let pushServer: http.Server;
let pushUrl: string;
const pushes: { url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
let pushStatus = 201;

const mailJobs = async () =>
  (await w.t.ctx.db.selectFrom('jobs').select(['payload', 'created_at']).where('kind', '=', 'mail.send').execute()).map(
    (j) => j.payload as { to: string; subject: string; text: string },
  );

async function verifyEmail(key: string, email: string) {
  await w.t.ctx.db
    .updateTable('persons')
    .set({ email, email_verified_at: w.clock.now(), notify_email: true, notify_push: true })
    .where('id', '=', w.ids[key]!)
    .execute();
}

beforeAll(async () => {
  w = await startWorld();
  h = api(w);
  await setUnit(w, U.vcSolberga, 'start');
  pushServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      pushes.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = pushStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => pushServer.listen(0, '127.0.0.1', resolve));
  pushUrl = `http://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  // The local receiver is an operator-listed push origin (PUSH_ALLOWED_ORIGINS); others must be public https.
  w.t.ctx.config.messaging.pushAllowedOrigins.push(pushUrl);
});
afterAll(async () => {
  await w.t.close();
  await new Promise((r) => pushServer.close(r));
});

describe('notifications', () => {
  test('the VAPID public key is stable', async () => {
    const margit = await w.citizen('margit');
    const one = await w.t.app.inject({ method: 'GET', url: '/api/messaging/push/key', headers: margit });
    const two = await w.t.app.inject({ method: 'GET', url: '/api/messaging/push/key', headers: margit });
    expect(one.json().data.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(two.json().data.publicKey).toBe(one.json().data.publicKey);
  });

  test('a staff answer notifies by e-mail and push after the delay, without content; nothing when read in time', async () => {
    await verifyEmail('margit', 'margit@example.se');
    const margit = await w.citizen('margit');
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const sub = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/push/subscriptions',
      headers: margit,
      payload: {
        endpoint: `${pushUrl}/push/margit`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
      },
    });
    expect(sub.statusCode).toBe(204);
    const c = (await h.start(margit, { unitId: U.vcSolberga, subject: 'Fråga', body: 'Hej' })).json().data;
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const before = (await mailJobs()).length;
    await h.staffPost(nadia, U.vcSolberga, c.id, 'messages', { body: 'HEMLIGT svar om provsvar' });
    // A note tells nobody.
    await h.staffPost(nadia, U.vcSolberga, c.id, 'notes', { body: 'intern' });

    await w.t.ctx.jobs.runDueJobs();
    expect((await mailJobs()).length).toBe(before); // not yet: the delay
    w.clock.advance(61_000);
    await w.t.ctx.jobs.runDueJobs();
    const mails = (await mailJobs()).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'margit@example.se', subject: 'Du har ett nytt meddelande i Ingång' });
    expect(mails[0]!.text).not.toMatch(/HEMLIGT|provsvar|Solberga|Margit/);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.headers['content-encoding']).toBe('aes128gcm');
    expect(String(pushes[0]!.headers.authorization)).toMatch(/^vapid t=/);
    expect(pushes[0]!.body.includes(Buffer.from('meddelande'))).toBe(false);

    // Read within the delay (the app was open): nothing is sent.
    const second = await h.staffPost(nadia, U.vcSolberga, c.id, 'messages', { body: 'Ett till' });
    await h.read(margit, c.id, second.json().data.seq);
    w.clock.advance(61_000);
    await w.t.ctx.jobs.runDueJobs();
    expect((await mailJobs()).length).toBe(before + 1);
    expect(pushes).toHaveLength(1);
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_person_id', '=', w.ids.margit!)
      .where('action', '=', 'notify')
      .execute();
    expect(audit).toHaveLength(1);
  });

  test('a push subscription the push service says is gone is removed', async () => {
    const margit = await w.citizen('margit');
    const c = (await h.start(margit, { unitId: U.vcSolberga, subject: 'Fråga', body: 'Hej' })).json().data;
    pushStatus = 410;
    await h.staffPost(await w.staff(S.nurseSolberga, U.vcSolberga), U.vcSolberga, c.id, 'messages', { body: 'x' });
    w.clock.advance(61_000);
    await w.t.ctx.jobs.runDueJobs();
    pushStatus = 201;
    const left = await w.t.ctx.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('person_id', '=', w.ids.margit!)
      .execute();
    expect(left).toHaveLength(0);
  });

  test('the guardian who wrote for a child is told that there is a message for someone they represent', async () => {
    await verifyEmail('anna', 'anna@example.se');
    const anna = await w.citizen('anna');
    const c = (await h.start(anna, { unitId: U.vcSolberga, subject: 'Elsa', body: 'Utslag' }, w.ids.elsa)).json().data;
    const before = (await mailJobs()).length;
    await h.staffPost(await w.staff(S.nurseSolberga, U.vcSolberga), U.vcSolberga, c.id, 'messages', { body: 'Svar' });
    w.clock.advance(61_000);
    await w.t.ctx.jobs.runDueJobs();
    const mails = (await mailJobs()).slice(before);
    expect(mails.map((m) => m.to)).toEqual(['anna@example.se']);
    expect(mails[0]!.text).toContain('någon du företräder');
    expect(mails[0]!.text).not.toContain('Elsa');
  });

  test('patient messages never mail anyone (the inbox is the unit channel)', async () => {
    const margit = await w.citizen('margit');
    const before = await w.t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'messaging.notify').execute();
    await h.start(margit, { unitId: U.vcSolberga, subject: 'Fråga', body: 'Hej' });
    const after = await w.t.ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'messaging.notify').execute();
    expect(after.length).toBe(before.length);
  });
});

describe('retention', () => {
  test('closed conversations past the policy are purged with their files; open ones and recent ones stay', async () => {
    const margit = await w.citizen('margit');
    const storage = createStorage(w.t.ctx.config);
    // The purge deletes files through the store it is given (the module's own is private); rows are checked here.
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    const up = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/attachments?filename=a.png',
      headers: { ...margit, 'content-type': 'image/png' },
      payload: png,
    });
    expect(up.statusCode).toBe(201);
    const old = (
      await h.start(margit, {
        unitId: U.vcSolberga,
        subject: 'Gammal',
        body: 'Hej',
        attachmentIds: [up.json().data.id],
      })
    ).json().data;
    const open = (await h.start(margit, { unitId: U.vcSolberga, subject: 'Öppen', body: 'Hej' })).json().data;
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    await h.staffPost(nadia, U.vcSolberga, old.id, 'close', { allowReply: false });
    const stray = await w.t.app.inject({
      method: 'POST',
      url: '/api/messaging/attachments?filename=b.png',
      headers: { ...margit, 'content-type': 'image/png' },
      payload: png,
    });
    expect(stray.statusCode).toBe(201);

    // Nothing is due yet.
    expect(await purgeMessaging(w.t.ctx, storage)).toEqual({ conversations: 0, uploads: 0 });
    w.clock.advance(3651 * 24 * 60 * 60 * 1000);
    const messagesBefore = await count(w, 'conversation_messages');
    const result = await purgeMessaging(w.t.ctx, storage);
    expect(result.uploads).toBeGreaterThanOrEqual(1);
    expect(result.conversations).toBeGreaterThanOrEqual(1);
    const ids = (await w.t.ctx.db.selectFrom('conversations').select('id').execute()).map((r) => r.id);
    expect(ids).not.toContain(old.id);
    expect(ids).toContain(open.id);
    expect(await count(w, 'conversation_messages')).toBeLessThan(messagesBefore);
    const attachments = await w.t.ctx.db.selectFrom('message_attachments').select('id').execute();
    expect(attachments.map((a) => a.id)).not.toContain(up.json().data.id);
    expect(attachments.map((a) => a.id)).not.toContain(stray.json().data.id);
  });

  test('messages are immutable in the database too', async () => {
    await expect(w.t.ctx.db.updateTable('conversation_messages').set({ body: 'ändrad' }).execute()).rejects.toThrow(
      /immutable/,
    );
  });
});
