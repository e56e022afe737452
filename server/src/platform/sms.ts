/**
 * Outgoing text messages (SMS). Services queue an SMS inside their transaction
 * (`sms.queue(trx, …)`) as an 'sms.send' job, so it goes out exactly when the
 * change committed, is retried when the provider is down and survives restarts.
 * The job hands it to a gateway behind one interface:
 *
 * - `httpSmsGateway`: a real provider's HTTP API (46elks' `POST /a1/sms`, form
 *   fields from/to/message, HTTP Basic with the API user and secret; providers
 *   of the same shape fit by SMS_URL). Used whenever SMS_URL is set, and
 *   required in production.
 * - `outboxSmsGateway`: the development outbox — stores each SMS in
 *   `dev_sms_outbox` (the dev page /dev/sms and tests read it), like the dev
 *   mailbox; SMS sent together are stored in one multi-row insert
 *   (coalesce.ts), each send returning once it is committed. `npm start` uses it.
 *
 * Numbers and bodies are never logged; the job payload is dropped once sent.
 */
import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import { createCoalescer } from './coalesce.js';
import { uuid } from './db/helpers.js';
import type { Db, Queryable } from './db/index.js';
import type { DevSmsOutboxTable } from './db/schema.js';
import type { JobInfo, JobQueue, NewJobRow } from './jobs.js';
import { defineJob, type JobSpec } from './module.js';

export const SMS_JOB = 'sms.send';

export const SmsMessage = z.object({
  /** E.164, e.g. +46701234567 (see `toE164`). */
  to: z.string().regex(/^\+[1-9][0-9]{6,14}$/),
  /** At most three concatenated parts. */
  text: z.string().min(1).max(450),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

/** Where an SMS goes: a provider or the development outbox. */
export interface SmsGateway {
  readonly kind: 'http' | 'outbox';
  /** `job` is the 'sms.send' job (the outbox stores each job once). */
  send(message: SmsMessage, from: string, job?: Pick<JobInfo, 'id'>): Promise<void>;
}

export interface SmsSender {
  /** Queues the SMS as a durable job through `q` (pass the open transaction). */
  queue(q: Queryable, message: SmsMessage): Promise<void>;
  /**
   * Queues the SMS through `q` only if `key` (the event and recipient, ids only) was not queued
   * before — at most one SMS per event, whatever retries the job that causes it. Returns
   * whether it was queued.
   */
  queueOnce(q: Queryable, key: string, message: SmsMessage): Promise<boolean>;
  /** The job row `queue` would insert, for a caller that writes it inside a larger statement. */
  row(message: SmsMessage): NewJobRow;
}

/**
 * A Swedish mobile number as the profile stores it ("070-123 45 67", "+46 70 123 45 67")
 * in E.164, or null when it cannot be one.
 */
export function toE164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '');
  const e164 = digits.startsWith('+')
    ? digits
    : digits.startsWith('00')
      ? `+${digits.slice(2)}`
      : digits.startsWith('0')
        ? `+46${digits.slice(1)}`
        : null;
  return e164 && /^\+[1-9][0-9]{6,14}$/.test(e164) ? e164 : null;
}

/** The provider's HTTP API; any answer but 2xx throws (the job tries again later). */
export function httpSmsGateway(
  config: { url: string; username?: string; password?: string },
  fetchImpl: typeof fetch = fetch,
): SmsGateway {
  const auth =
    config.username !== undefined
      ? `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`
      : undefined;
  return {
    kind: 'http',
    async send(message, from) {
      const response = await fetchImpl(config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(auth ? { authorization: auth } : {}),
        },
        body: new URLSearchParams({ from, to: message.to, message: message.text }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      // The answer may quote the number: only the status travels on.
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status > 299) {
        throw new Error(`SMS provider answered HTTP ${response.status}`);
      }
    },
  };
}

/** The development outbox: every SMS stored in `dev_sms_outbox`, nothing sent. */
export function outboxSmsGateway(db: Db, clock: Clock): SmsGateway {
  const outbox = createCoalescer<Insertable<DevSmsOutboxTable>>({
    async write(rows) {
      await db
        .insertInto('dev_sms_outbox')
        .values(rows)
        // The same job again (sent, but its done mark was lost): stored once.
        .onConflict((oc) => oc.column('job_id').doNothing())
        .execute();
    },
  });
  return {
    kind: 'outbox',
    async send(message, from, job) {
      await outbox.add({
        id: uuid(),
        sent_at: clock.now(),
        sms_to: message.to,
        sms_from: from,
        body: message.text,
        job_id: job?.id ?? null,
      });
    },
  };
}

export interface SmsSystem {
  sender: SmsSender;
  gateway: SmsGateway;
  /** The 'sms.send' job; app.ts registers it with the other jobs. */
  jobs: JobSpec<never>[];
}

/** The SMS machinery for `config.sms`: the provider when SMS_URL is set, else the dev outbox. */
export function startSms(deps: { config: Config['sms']; db: Db; clock: Clock; jobs: JobQueue }): SmsSystem {
  const { config, jobs } = deps;
  const gateway = config.url
    ? httpSmsGateway({ url: config.url, username: config.username, password: config.password })
    : outboxSmsGateway(deps.db, deps.clock);
  return {
    gateway,
    sender: {
      async queue(q, message) {
        await jobs.enqueue(q, SMS_JOB, SmsMessage.parse(message));
      },
      async queueOnce(q, key, message) {
        const parsed = SmsMessage.parse(message);
        const fresh = await q
          .insertInto('sms_once')
          .values({ key, created_at: deps.clock.now() })
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .executeTakeFirst();
        if (!fresh) return false;
        await jobs.enqueue(q, SMS_JOB, parsed);
        return true;
      },
      row(message) {
        return jobs.row(SMS_JOB, SmsMessage.parse(message));
      },
    },
    jobs: [
      defineJob({
        kind: SMS_JOB,
        schema: SmsMessage,
        handle: (message, job) => gateway.send(message, config.from, job),
        // The payload holds a phone number: drop it once sent.
        scrubPayload: true,
      }),
    ],
  };
}

/**
 * How long an `sms_once` key is kept. A key only has to outlive the retries of the job that
 * queued it (hours); 30 days leaves a wide margin and keeps the table from growing forever.
 */
export const SMS_ONCE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Deletes the `sms_once` keys older than SMS_ONCE_TTL_MS; returns how many went. */
export async function purgeSmsOnceKeys(db: Queryable, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sms_once')
    .where('created_at', '<', new Date(now.getTime() - SMS_ONCE_TTL_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
