/**
 * `GET /api/dev/mail` and `DELETE /api/dev/mail`: the development mailbox.
 * Registered only while the embedded SMTP server runs outside production, so
 * anywhere else the routes do not exist (404). `GET`/`DELETE /api/dev/sms`:
 * the SMS outbox, likewise only while no SMS provider is configured.
 */
import { DevMailResponse, DevSmsResponse, ErrorResponse, NoContent } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import { clearMailbox, clearSmsOutbox, latestMessages, latestSms } from './store.js';

const LIMIT = 50;

export async function devMailRoutes(api: Api, ctx: Pick<AppContext, 'config' | 'db'>) {
  if (ctx.config.mode === 'production') return;
  if (!ctx.config.sms.url) devSmsRoutes(api, ctx);
  if (!ctx.config.mail.embedded) return;

  api.get(
    '/dev/mail',
    {
      config: { public: true },
      schema: {
        tags: ['development'],
        summary: 'Development only: the latest 50 mails caught by the embedded SMTP server',
        response: { 200: DevMailResponse, 404: ErrorResponse },
      },
    },
    async () => {
      const rows = await latestMessages(ctx.db, LIMIT);
      return {
        data: rows.map((r) => ({
          id: r.id,
          receivedAt: r.received_at.toISOString(),
          to: r.mail_to,
          subject: r.subject,
          text: r.text_body,
        })),
      };
    },
  );

  api.delete(
    '/dev/mail',
    {
      config: { public: true, csrf: false },
      schema: {
        tags: ['development'],
        summary: 'Development only: empty the mailbox',
        response: { 204: NoContent, 404: ErrorResponse },
      },
    },
    async (_request, reply) => {
      await clearMailbox(ctx.db);
      return reply.status(204).send(null);
    },
  );
}

function devSmsRoutes(api: Api, ctx: Pick<AppContext, 'db'>) {
  api.get(
    '/dev/sms',
    {
      config: { public: true },
      schema: {
        tags: ['development'],
        summary: 'Development only: the latest 50 SMS the outbox caught (no SMS provider configured)',
        response: { 200: DevSmsResponse, 404: ErrorResponse },
      },
    },
    async () => {
      const rows = await latestSms(ctx.db, LIMIT);
      return {
        data: rows.map((r) => ({
          id: r.id,
          sentAt: r.sent_at.toISOString(),
          to: r.sms_to,
          from: r.sms_from,
          text: r.body,
        })),
      };
    },
  );

  api.delete(
    '/dev/sms',
    {
      config: { public: true, csrf: false },
      schema: {
        tags: ['development'],
        summary: 'Development only: empty the SMS outbox',
        response: { 204: NoContent, 404: ErrorResponse },
      },
    },
    async (_request, reply) => {
      await clearSmsOutbox(ctx.db);
      return reply.status(204).send(null);
    },
  );
}
