/**
 * SMS (issue 19, item 4: the SMS preference must do what it says). The
 * profile's numbers become E.164; the provider adapter posts the form a real
 * provider (46elks) takes, with HTTP Basic, and fails on a non-2xx answer so
 * the job retries; without SMS_URL the development outbox stores what would
 * have been sent (the dev page and these tests read it). A unit's answer to
 * someone with SMS on and a mobile number sends one SMS, without content;
 * SMS off sends none. Production refuses to start without a provider.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { httpSmsGateway, outboxSmsGateway, toE164 } from '../src/platform/sms.js';
import { startTestApp, type TestApp } from './harness.js';
import { countStatements } from './helpers/statements.js';
import { api, type MessagingWorld, S, setUnit, startWorld, U } from './messaging/fixtures.js';

describe('numbers', () => {
  test('Swedish mobile numbers as people write them become E.164; others are refused', () => {
    expect(toE164('070-123 45 67')).toBe('+46701234567');
    expect(toE164('+46 70 123 45 67')).toBe('+46701234567');
    expect(toE164('0046701234567')).toBe('+46701234567');
    expect(toE164('0701234567')).toBe('+46701234567');
    expect(toE164('')).toBeNull();
    expect(toE164(null)).toBeNull();
    expect(toE164('12345')).toBeNull();
    expect(toE164('+0123456789')).toBeNull();
  });
});

describe('the provider adapter', () => {
  let server: http.Server;
  let url: string;
  let status = 200;
  const received: { headers: http.IncomingHttpHeaders; body: string; method?: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body, method: req.method });
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'created', to: '+46701234567' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a1/sms`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  test('posts from/to/message as a form with HTTP Basic', async () => {
    const gateway = httpSmsGateway({ url, username: 'u123', password: 'secret' });
    await gateway.send({ to: '+46701234567', text: 'Hej från Ingång' }, 'Ingang');
    expect(received).toHaveLength(1);
    expect(received[0]!.method).toBe('POST');
    expect(received[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u123:secret').toString('base64')}`);
    const form = new URLSearchParams(received[0]!.body);
    expect(Object.fromEntries(form)).toEqual({ from: 'Ingang', to: '+46701234567', message: 'Hej från Ingång' });
  });

  test('a refusal or a provider down is an error (the job tries again), without the number in it', async () => {
    status = 503;
    const gateway = httpSmsGateway({ url, username: 'u', password: 'p' });
    await expect(gateway.send({ to: '+46701234567', text: 'x' }, 'Ingang')).rejects.toThrow(
      /^SMS provider answered HTTP 503$/,
    );
    status = 200;
  });

  test('production needs a provider', () => {
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://ingang.example.se',
      DATABASE_URL: 'postgres://db/ingang',
      BANKID_BACKEND: 'rp',
      BANKID_PFX_PATH: '/etc/ingang/rp.p12',
      OIDC_ISSUER: 'https://idp.example.se',
      OIDC_CLIENT_SECRET: 'secret',
      SMTP_HOST: 'relay.example.se',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/SMS_URL/);
    expect(loadConfig({ ...production, SMS_URL: url }).sms.url).toBe(url);
  });
});

describe('the development outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WEB_DIST: '/nonexistent' } });
  });
  afterAll(async () => {
    await t.close();
  });

  test('SMS sent at once are stored in one insert, each once; a job sent again is stored once', async () => {
    const gateway = outboxSmsGateway(t.ctx.db, t.ctx.clock);
    const jobIds = Array.from({ length: 6 }, () => randomUUID());
    const { statements, sql } = await countStatements(t.ctx.db, () =>
      Promise.all(jobIds.map((id, i) => gateway.send({ to: `+4670123450${i}`, text: `Text ${i}` }, 'Ingang', { id }))),
    );
    expect(statements).toBe(1);
    expect(sql[0]).toMatch(/^insert into "dev_sms_outbox"/);
    // The same job again (its done mark was lost) together with a new one.
    const again = randomUUID();
    await Promise.all([
      gateway.send({ to: '+46701234500', text: 'Text 0' }, 'Ingang', { id: jobIds[0] as string }),
      gateway.send({ to: '+46701234599', text: 'Ny' }, 'Ingang', { id: again }),
    ]);
    const rows = await t.ctx.db.selectFrom('dev_sms_outbox').selectAll().execute();
    expect(rows).toHaveLength(7);
    for (const [i, id] of jobIds.entries()) {
      expect(rows.filter((r) => r.job_id === id).map((r) => [r.sms_to, r.body])).toEqual([
        [`+4670123450${i}`, `Text ${i}`],
      ]);
    }
    expect(rows.find((r) => r.job_id === again)?.body).toBe('Ny');
  });
});

describe('a new message from the unit by SMS (development outbox)', () => {
  let w: MessagingWorld;
  let h: ReturnType<typeof api>;

  beforeAll(async () => {
    w = await startWorld();
    h = api(w);
    await setUnit(w, U.vcSolberga, 'start');
  }, 180_000);
  afterAll(async () => {
    await w.t.close();
  });

  const outbox = () => w.t.ctx.db.selectFrom('dev_sms_outbox').selectAll().orderBy('sent_at').execute();

  async function answerAfterDelay(key: string, body: string) {
    const person = await w.citizen(key);
    const c = (await h.start(person, { unitId: U.vcSolberga, subject: 'Fråga', body: 'Hej' })).json().data;
    await h.staffPost(await w.staff(S.nurseSolberga, U.vcSolberga), U.vcSolberga, c.id, 'messages', { body });
    w.clock.advance(61_000);
    await w.t.ctx.jobs.runDueJobs();
    await w.t.ctx.jobs.runDueJobs();
  }

  test('SMS on with a mobile number: one SMS to it, saying only that there is a message', async () => {
    const profile = await w.t.app.inject({
      method: 'PATCH',
      url: '/api/profile',
      headers: await w.citizen('margit'),
      payload: { phone: '070-123 45 67', notifications: { sms: true, email: false } },
    });
    expect(profile.statusCode).toBe(200);
    await answerAfterDelay('margit', 'HEMLIGT svar om ditt provsvar');
    const sent = await outbox();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ sms_to: '+46701234567', sms_from: 'Ingang' });
    expect(sent[0]!.body).toMatch(/^Ingång: Du har fått ett nytt meddelande från vården\./);
    expect(sent[0]!.body).not.toMatch(/HEMLIGT|provsvar|Solberga|Margit/);
    // The job's payload (a phone number) is not kept once sent.
    const jobs = await w.t.ctx.db.selectFrom('jobs').select(['payload']).where('kind', '=', 'sms.send').execute();
    expect(JSON.stringify(jobs)).not.toContain('46701234567');
    // The development outbox can be read and emptied over HTTP.
    const listed = await w.t.app.inject({ method: 'GET', url: '/api/dev/sms' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data[0]).toMatchObject({ to: '+46701234567', from: 'Ingang' });
  });

  test('SMS off: nothing is sent', async () => {
    await w.t.ctx.db.deleteFrom('dev_sms_outbox').execute();
    await w.t.ctx.db
      .updateTable('persons')
      .set({ phone: '070-765 43 21', notify_sms: false })
      .where('id', '=', w.ids.karin!)
      .execute();
    await answerAfterDelay('karin', 'Svar');
    expect(await outbox()).toHaveLength(0);
  });
});
