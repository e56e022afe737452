/**
 * `GET /api/dev/mail` and `DELETE /api/dev/mail`: the development mailbox.
 * Registered only while the embedded SMTP server runs outside production, so
 * anywhere else the routes do not exist (404).
 */
import { DevMailResponse, ErrorResponse, NoContent } from '@ingang/contracts';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import { clearMailbox, latestMessages } from './store.js';

const LIMIT = 50;

export async function devMailRoutes(api: Api, ctx: Pick<AppContext, 'config' | 'db'>) {
  if (!ctx.config.mail.embedded || ctx.config.mode === 'production') return;

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
