/**
 * Outgoing mail. Services queue mail inside their transaction (`mailer.queue`)
 * as a 'mail.send' job, so a message goes out exactly when the change
 * committed, retries when the relay is down and survives restarts. The job
 * sends through nodemailer's SMTP transport to the configured relay.
 *
 * In development (`config.mail.embedded`) an `smtp-server` on loopback
 * catches every message, parses it with `mailparser` and stores it in
 * `dev_mailbox` for the dev mailbox page; messages that arrive together are
 * stored in one multi-row insert (coalesce.ts), and each is acknowledged over
 * SMTP only once that insert committed. Addresses and bodies are never logged.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Insertable } from 'kysely';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import { createCoalescer } from './coalesce.js';
import { uuid } from './db/helpers.js';
import type { Db, Queryable } from './db/index.js';
import type { DevMailboxTable } from './db/schema.js';
import type { JobQueue, NewJobRow } from './jobs.js';
import { defineJob, type JobSpec } from './module.js';

export const MAIL_JOB = 'mail.send';

const MailMessage = z.object({
  to: z.string().min(3).max(254),
  subject: z.string().max(300),
  text: z.string(),
  html: z.string().optional(),
  /** Small text attachments (e.g. a booking's .ics); the content travels in the job payload. */
  attachments: z
    .array(
      z.object({
        filename: z.string().min(1).max(100),
        content: z.string().max(100_000),
        contentType: z.string().max(200),
      }),
    )
    .max(5)
    .optional(),
  /** Sender and threading for a conversation by mail (the support desk); the default sender otherwise. */
  from: z.string().max(300).optional(),
  messageId: z.string().max(300).optional(),
  inReplyTo: z.string().max(300).optional(),
  references: z.array(z.string().max(300)).max(20).optional(),
  /** Marks automatic answers (RFC 3834) so other systems do not answer them. */
  autoSubmitted: z.enum(['auto-replied', 'auto-generated']).optional(),
});
export type MailMessage = z.infer<typeof MailMessage>;

export interface Mailer {
  /** Sends at once over SMTP (the 'mail.send' job uses this; services use `queue`). */
  send(message: MailMessage): Promise<void>;
  /** Queues the message as a durable job through `q` (pass the open transaction). */
  queue(q: Queryable, message: MailMessage): Promise<void>;
  /** The job row `queue` would insert, for a caller that writes it in its own statement. */
  jobRow(message: MailMessage): NewJobRow;
}

export interface MailSystem {
  mailer: Mailer;
  /** The port the embedded SMTP server listens on, or null when it is off. */
  embeddedPort: number | null;
  /** The 'mail.send' job; app.ts registers it with the other modules' jobs. */
  jobs: JobSpec<never>[];
  close(): Promise<void>;
}

/** Queues `message` as a 'mail.send' job inside the caller's transaction. */
export async function queueMail(jobs: JobQueue, q: Queryable, message: MailMessage): Promise<void> {
  await jobs.enqueue(q, MAIL_JOB, MailMessage.parse(message));
}

/** The 'mail.send' job row for `message`, checked, for a caller that inserts it in its own statement. */
export function mailJobRow(jobs: JobQueue, message: MailMessage): NewJobRow {
  return jobs.row(MAIL_JOB, MailMessage.parse(message));
}

/** True for an IPv4/IPv6 loopback address (also IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * Starts the mail machinery: the embedded SMTP server when configured (port 0
 * picks a free port), the SMTP transport, and the 'mail.send' job (registered by app.ts).
 */
export async function startMail(deps: {
  config: Config['mail'];
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
  jobs: JobQueue;
}): Promise<MailSystem> {
  const { config, jobs, log } = deps;
  const embedded = config.embedded ? await startDevSmtpServer(deps) : null;
  const transport = nodemailer.createTransport({
    host: config.smtpHost,
    port: embedded?.port ?? config.smtpPort,
    secure: !embedded && config.smtpPort === 465,
    // The embedded server speaks plain SMTP on loopback; a real relay negotiates STARTTLS.
    ignoreTLS: embedded !== null,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });

  const mailer: Mailer = {
    async send(message) {
      try {
        await transport.sendMail({
          from: message.from ?? config.from,
          to: message.to,
          ...(message.messageId ? { messageId: message.messageId } : {}),
          ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
          ...(message.references?.length ? { references: message.references } : {}),
          ...(message.autoSubmitted ? { headers: { 'Auto-Submitted': message.autoSubmitted } } : {}),
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.attachments?.length ? { attachments: message.attachments } : {}),
        });
      } catch (error) {
        // SMTP errors can quote the recipient: keep only the codes.
        const e = error as { code?: string; responseCode?: number };
        throw new Error(`SMTP delivery failed (${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''})`);
      }
    },
    queue: (q, message) => queueMail(jobs, q, message),
    jobRow: (message) => mailJobRow(jobs, message),
  };

  return {
    mailer,
    jobs: [
      defineJob({
        kind: MAIL_JOB,
        schema: MailMessage,
        handle: (message) => mailer.send(message),
        // The payload holds an address and a body (perhaps a verification link): drop it once sent.
        scrubPayload: true,
      }),
    ],
    embeddedPort: embedded?.port ?? null,
    async close() {
      transport.close();
      await embedded?.close();
      log.debug('mail stopped');
    },
  };
}

async function startDevSmtpServer(deps: {
  config: Config['mail'];
  db: Db;
  clock: Clock;
  log: FastifyBaseLogger;
}): Promise<{ port: number; close(): Promise<void> }> {
  const { db, clock, log } = deps;
  // A burst of mail jobs (a release's confirmations) would otherwise be one commit per message.
  const mailbox = createCoalescer<Insertable<DevMailboxTable>>({
    write: async (rows) => {
      await db.insertInto('dev_mailbox').values(rows).execute();
    },
    // A message may be megabytes (attachments): keep one insert's size bounded.
    maxSize: 50,
  });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 5 * 1024 * 1024,
    banner: 'Ingång development mailbox',
    onConnect(session, callback) {
      if (isLoopback(session.remoteAddress)) return callback();
      const refusal = new Error('Only local connections are accepted') as Error & { responseCode: number };
      refusal.responseCode = 550;
      return callback(refusal);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const rcpt = session.envelope.rcptTo.map((r) => r.address).join(', ');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const id = uuid();
          await mailbox.add({
            id,
            received_at: clock.now(),
            mail_from: from,
            mail_to: rcpt,
            subject: mail.subject ?? '',
            text_body: mail.text ?? '',
            html_body: typeof mail.html === 'string' ? mail.html : null,
          });
          log.debug({ devMailId: id }, 'dev mailbox received a message');
          callback();
        })
        .catch((error: unknown) => {
          log.warn({ errName: (error as Error)?.name }, 'dev mailbox could not store a message');
          callback(new Error('Could not store the message'));
        });
    },
  });
  server.on('error', (error: Error & { code?: string }) => {
    log.warn({ code: error.code }, 'dev SMTP server error');
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.config.smtpPort, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ port }, 'embedded SMTP server listening on loopback');
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mailbox.drain();
    },
  };
}
