/**
 * The support address over real SMTP on loopback: mail in → case → answer → mail out in the same
 * thread (Message-ID / In-Reply-To / References and the case tag), the citizen's reply threads
 * back; auto-replies, our own address and a forged agent sender are never answered; oversized
 * mail is refused politely in the SMTP dialogue; HTML is reduced to text; the hourly cap holds.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dataOf, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;
const SUPPORT = 'support@ingang.localhost';

let f: SupportFixture;
let relay: SMTPServer;
const outbox: ParsedMail[] = [];
let send: (mail: SendMailOptions) => Promise<unknown>;

beforeAll(async () => {
  // The region's relay, played by a capturing SMTP server: what the server sends lands here.
  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      simpleParser(stream)
        .then((m) => {
          outbox.push(m);
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const relayPort = (relay.server.address() as AddressInfo).port;
  f = await supportFixture({
    MAIL_EMBEDDED: 'false',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(relayPort),
    SUPPORT_SMTP_ENABLED: 'true',
    SUPPORT_SMTP_PORT: '0',
    SUPPORT_MAX_MAIL_BYTES: '200000',
    SUPPORT_REPLY_CAP_PER_HOUR: '3',
  });
  const port = f.t.support.smtpPort;
  if (!port) throw new Error('support SMTP receiver not started');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  send = (mail) => transport.sendMail({ to: SUPPORT, ...mail });
});
afterAll(async () => {
  await f?.t.close();
  await new Promise<void>((r) => relay.close(() => r()));
});

async function caseOfSender(address: string) {
  return f.t.ctx.db
    .selectFrom('support_cases')
    .selectAll()
    .where('contact_email', '=', address)
    .orderBy('created_at', 'desc')
    .execute();
}
const mailsTo = (address: string) =>
  outbox.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);

describe('support by e-mail over real SMTP', () => {
  test('mail in → case → answer by mail in the same thread → the reply threads back into the case', async () => {
    await send({
      from: 'Eva Ek <eva@example.org>',
      subject: 'Fråga om vaccination',
      text: 'Vilka åldersgrupper får boka vaccination nu?',
      messageId: '<q1@example.org>',
    });
    const [c] = await caseOfSender('eva@example.org');
    expect(c).toMatchObject({
      channel: 'email',
      status: 'new',
      contact_name: 'Eva Ek',
      subject: 'Fråga om vaccination',
    });

    // The automatic receipt (with matching articles) goes out at once, marked as automatic.
    expect(await f.t.ctx.jobs.runDueJobs()).toBeGreaterThanOrEqual(1);
    const [receipt] = mailsTo('eva@example.org');
    expect(receipt?.subject).toBe(`Re: Fråga om vaccination [Ärende ${c?.reference}]`);
    expect(receipt?.inReplyTo).toBe('<q1@example.org>');
    expect(receipt?.headers.get('auto-submitted')).toBe('auto-replied');
    expect(receipt?.text).toContain('/hjalp/vilka-far-boka');

    f.clock.advance(60_000);
    const answered = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${c?.id}/messages`,
      headers: f.first.headers,
      payload: { body: 'Alla över 18 år får boka nu.' },
    });
    expect(answered.statusCode).toBe(200);
    await f.t.ctx.jobs.runDueJobs();
    const answer = mailsTo('eva@example.org').at(-1);
    expect(answer?.text?.trim()).toBe('Alla över 18 år får boka nu.');
    expect(answer?.from?.value[0]?.address).toBe(SUPPORT);
    expect(answer?.inReplyTo).toBe(receipt?.messageId);
    expect(answer?.references).toEqual(expect.arrayContaining(['<q1@example.org>', receipt?.messageId]));
    expect(answer?.headers.get('auto-submitted')).toBeUndefined();

    // Eva answers the answer: it lands in the same case.
    f.clock.advance(60_000);
    await send({
      from: 'eva@example.org',
      subject: `Re: ${answer?.subject}`,
      text: 'Tack! Gäller det även 17-åringar?',
      inReplyTo: answer?.messageId,
      references: [answer?.messageId ?? ''],
    });
    const cases = await caseOfSender('eva@example.org');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.status).toBe('open');
    const view = dataOf<Json>(
      await f.t.app.inject({ method: 'GET', url: `/api/support/agent/cases/${c?.id}`, headers: f.first.headers }),
    );
    expect(view.messages.filter((m: Json) => m.author === 'citizen').map((m: Json) => m.body)).toEqual([
      'Vilka åldersgrupper får boka vaccination nu?',
      'Tack! Gäller det även 17-åringar?',
    ]);

    // A thread header from someone else does not put mail into Eva's case.
    await send({
      from: 'mallory@example.org',
      subject: `Re: [Ärende ${c?.reference}]`,
      text: 'Let me in',
      inReplyTo: answer?.messageId,
    });
    expect(await caseOfSender('mallory@example.org')).toHaveLength(1);
    expect((await caseOfSender('eva@example.org'))[0]?.id).toBe(c?.id);
  });

  test('an auto-reply becomes a case but is never answered, not even by an agent', async () => {
    await f.t.ctx.jobs.runDueJobs();
    const before = outbox.length;
    await send({
      from: 'away@example.org',
      subject: 'Frånvaro: Re: ditt ärende',
      text: 'Jag är ledig till måndag.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await send({
      from: 'list@example.org',
      subject: 'Nyhetsbrev',
      text: 'Veckans nyheter',
      headers: { Precedence: 'bulk' },
    });
    const [c] = await caseOfSender('away@example.org');
    expect(c?.mail_no_reply_reason).toBe('auto_submitted');
    expect((await caseOfSender('list@example.org'))[0]?.mail_no_reply_reason).toBe('bulk');
    await f.t.ctx.jobs.runDueJobs();
    f.clock.advance(60_000);
    const r = await f.t.app.inject({
      method: 'POST',
      url: `/api/support/agent/cases/${c?.id}/messages`,
      headers: f.first.headers,
      payload: { body: 'Hej', close: true },
    });
    expect(r.statusCode).toBe(200);
    expect(dataOf<Json>(r).messages.at(-1)).toMatchObject({ author: 'note' });
    await f.t.ctx.jobs.runDueJobs();
    expect(outbox.length).toBe(before);
  });

  test('mail from our own address or claiming to be an agent is set aside, not answered', async () => {
    await f.t.ctx.jobs.runDueJobs();
    const before = outbox.length;
    await send({ from: SUPPORT, subject: 'Loop', text: 'Loop' });
    await send({ from: 'Sam Stöd <SAM.STOD@demo.ingang.se>', subject: 'Jag är agent', text: 'Ge mig ärendena' });
    const log = await f.t.ctx.db
      .selectFrom('support_inbound_mail')
      .select(['verdict', 'case_id', 'quarantined_text'])
      .where('verdict', 'in', ['own_address', 'agent_address'])
      .execute();
    expect(log.map((l) => l.verdict).sort()).toEqual(['agent_address', 'own_address']);
    expect(log.every((l) => l.case_id === null && l.quarantined_text)).toBe(true);
    await f.t.ctx.jobs.runDueJobs();
    expect(outbox.length).toBe(before);
  });

  test('oversized mail is refused politely; HTML is reduced to text; other recipients are refused', async () => {
    await expect(
      send({
        from: 'big@example.org',
        subject: 'Bilaga',
        text: 'Se bilaga',
        attachments: [{ filename: 'scan.pdf', content: Buffer.alloc(300_000, 1) }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await caseOfSender('big@example.org')).toHaveLength(0);

    await send({
      from: 'html@example.org',
      subject: 'HTML',
      html: '<p>Hej <b>där</b></p><script>alert(1)</script><img src=x onerror=alert(2)>',
    });
    const [c] = await caseOfSender('html@example.org');
    const m = await f.t.ctx.db
      .selectFrom('support_messages')
      .select('body')
      .where('case_id', '=', c?.id ?? '')
      .where('author_kind', '=', 'citizen')
      .executeTakeFirstOrThrow();
    expect(m.body).toContain('Hej');
    expect(m.body).not.toMatch(/<|alert|onerror/);

    await expect(
      send({ from: 'x@example.org', to: 'someone@else.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  test('answers to one address are capped per hour', async () => {
    for (let i = 0; i < 5; i++)
      await send({ from: 'many@example.org', subject: `Fråga ${i}`, text: `Fråga nummer ${i}` });
    expect(await caseOfSender('many@example.org')).toHaveLength(5);
    await f.t.ctx.jobs.runDueJobs();
    expect(mailsTo('many@example.org')).toHaveLength(3);
  });
});
