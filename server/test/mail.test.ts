import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../src/platform/clock.js';
import { isLoopback, MAIL_JOB } from '../src/platform/mail.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { startTestApp, type TestApp } from './harness.js';
import { citizenSession } from './helpers/sessions.js';

const clock = fixedClock('2026-08-01T10:00:00Z');

async function demoId(t: TestApp, key: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('embedded SMTP server and dev mailbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { MAIL_EMBEDDED: 'true', SMTP_PORT: '0', WEB_DIST: '/nonexistent', PUBLIC_URL: 'http://ingang.test' },
    });
    await seedDemo(t.ctx.db, clock);
  });
  afterAll(async () => {
    await t.close();
  });

  test('e-mail verification end to end: job → real SMTP → dev mailbox → link → verified', async () => {
    const s = await citizenSession(t, await demoId(t, 'anna'));
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/profile/email',
      headers: s.headers,
      payload: { email: 'anna.lindqvist@example.se' },
    });
    expect(requested.statusCode).toBe(202);
    expect(await t.ctx.jobs.runDueJobs()).toBe(1);

    const inbox = await t.app.inject({ method: 'GET', url: '/api/dev/mail' });
    expect(inbox.statusCode).toBe(200);
    const [mail] = inbox.json().data;
    expect(inbox.json().data).toHaveLength(1);
    expect(mail).toMatchObject({ to: 'anna.lindqvist@example.se', subject: 'Bekräfta din e-postadress i Ingång' });
    expect(mail.text).toContain('Länken gäller i 24 timmar');
    // The mail names nobody: a protected person's name must never travel by e-mail.
    expect(mail.text).not.toContain('Anna');
    const token = /http:\/\/ingang\.test\/profil\/verifiera-epost\?token=([\w-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/profile/email/verify',
      payload: { token },
    });
    expect(verified.statusCode).toBe(200);
    const profile = await t.app.inject({ method: 'GET', url: '/api/profile', headers: s.headers });
    expect(profile.json().data).toMatchObject({ email: 'anna.lindqvist@example.se', emailVerified: true });

    // The sent job no longer holds the link (a credential) or the address.
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', MAIL_JOB).executeTakeFirstOrThrow();
    expect(job.payload).toEqual({});
    expect(job.done_at).not.toBeNull();
  });

  test('DELETE /api/dev/mail empties the mailbox', async () => {
    await t.ctx.mail.send({ to: 'x@example.se', subject: 'Hej', text: 'Direkt' });
    expect((await t.app.inject({ method: 'GET', url: '/api/dev/mail' })).json().data.length).toBeGreaterThan(0);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/dev/mail' });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/dev/mail' })).json().data).toEqual([]);
  });

  test('messages sent at once are each stored once, whole, before their send returns', async () => {
    await t.app.inject({ method: 'DELETE', url: '/api/dev/mail' });
    const sent = Array.from({ length: 12 }, (_, i) => ({
      to: `p${i}@example.se`,
      subject: `Samtidigt ${i}`,
      text: `Brödtext ${i}`,
      ...(i % 3 === 0 ? { html: `<p>Brödtext ${i}</p>` } : {}),
    }));
    // Stored when `send` returns: the relay acknowledged only after the insert committed.
    await Promise.all(sent.map((m) => t.ctx.mail.send(m)));
    const rows = await t.ctx.db.selectFrom('dev_mailbox').selectAll().orderBy('subject').execute();
    expect(rows).toHaveLength(12);
    const bySubject = new Map(rows.map((r) => [r.subject, r]));
    for (const [i, m] of sent.entries()) {
      const row = bySubject.get(m.subject);
      expect(row?.mail_to).toBe(m.to);
      expect(row?.text_body.trim()).toBe(`Brödtext ${i}`);
      expect(row?.html_body ?? null).toBe(m.html ?? null);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(12);
  });

  test('the mailbox keeps at most the 50 latest messages in its answer', async () => {
    for (let i = 0; i < 52; i++) {
      clock.advance(1000);
      await t.ctx.db
        .insertInto('dev_mailbox')
        .values({
          id: crypto.randomUUID(),
          received_at: clock.now(),
          mail_from: 'a@b.se',
          mail_to: 'c@d.se',
          subject: `nr ${i}`,
          text_body: '',
        })
        .execute();
    }
    const data = (await t.app.inject({ method: 'GET', url: '/api/dev/mail' })).json().data;
    expect(data).toHaveLength(50);
    expect(data[0].subject).toBe('nr 51');
  });
});

describe('mail without the embedded server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { MAIL_EMBEDDED: 'false', SMTP_PORT: String(await closedPort()), WEB_DIST: '/nonexistent' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('the dev mailbox does not exist (404)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/dev/mail' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/dev/mail' })).statusCode).toBe(404);
  });

  test('a relay that does not answer: the mail job retries and its error names no address', async () => {
    await t.ctx.db
      .transaction()
      .execute((trx) => t.ctx.mail.queue(trx, { to: 'hemlig@example.se', subject: 'Test', text: 'Hemlig text' }));
    expect(await t.ctx.jobs.runDueJobs()).toBe(1);
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', MAIL_JOB).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 1, done_at: null });
    expect(job.last_error).toMatch(/^SMTP delivery failed/);
    expect(job.last_error).not.toContain('hemlig');
    expect(job.run_at.getTime()).toBeGreaterThan(clock.now().getTime());
  });

  test('a malformed message is refused when queued', async () => {
    await expect(
      t.ctx.db.transaction().execute((trx) => t.ctx.mail.queue(trx, { to: '', subject: 'x', text: 'y' })),
    ).rejects.toThrow();
  });
});

describe('loopback check of the embedded SMTP server', () => {
  test.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:192.168.1.2', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
