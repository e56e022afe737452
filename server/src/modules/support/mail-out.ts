/**
 * Answers by mail in the case's thread: from the support address, with a new Message-ID,
 * In-Reply-To the newest message of the thread, References the thread so far, and the case tag
 * in the subject as a fallback for clients that drop the headers. Never to a case marked as an
 * auto-reply or bulk mail, and at most `replyCapPerHour` answers per address per hour.
 */
import { caseReference, referencesFor, replySubject } from '@ingang/domain';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import type { SupportDeps } from './deps.js';
import type { CaseRow } from './store.js';
import * as store from './store.js';

export type MailOutcome = { sent: true; messageId: string } | { sent: false; reason: string };

export function createMailOut(deps: SupportDeps) {
  const { clock, mailer, config } = deps;
  const domain = config.address.split('@')[1] ?? 'ingang.localhost';

  return {
    /** A fresh Message-ID on our domain. */
    newMessageId: () => `<${uuid()}@${domain}>`,

    /** Queues `text` to the case's contact address (in `trx`), or says why not. */
    async send(trx: Tx, c: CaseRow, text: string, options: { automatic?: boolean } = {}): Promise<MailOutcome> {
      if (!c.contact_email) return { sent: false, reason: 'no_address' };
      if (c.mail_no_reply_reason) return { sent: false, reason: c.mail_no_reply_reason };
      const now = clock.now();
      const recent = await store.mailsSentSince(trx, c.contact_email, new Date(now.getTime() - 3_600_000));
      if (recent >= config.replyCapPerHour) return { sent: false, reason: 'reply_cap' };
      const messageId = `<${uuid()}@${domain}>`;
      const thread = c.mail_refs;
      const inReplyTo = thread.at(-1) ?? null;
      await mailer.queue(trx, {
        to: c.contact_email,
        from: `Ingång invånarsupport <${config.address}>`,
        subject: replySubject(c.subject, c.reference || caseReference(c.id)),
        text,
        messageId,
        ...(inReplyTo ? { inReplyTo, references: referencesFor(thread.slice(0, -1), inReplyTo) } : {}),
        ...(options.automatic ? { autoSubmitted: 'auto-replied' as const } : {}),
      });
      await store.insertMailSent(trx, {
        id: uuid(),
        address: c.contact_email,
        case_id: c.id,
        message_id: messageId,
        sent_at: now,
      });
      await store.updateCase(trx, c.id, { mail_refs: [...thread, messageId].slice(-20) });
      c.mail_refs = [...thread, messageId].slice(-20);
      return { sent: true, messageId };
    },
  };
}

export type MailOut = ReturnType<typeof createMailOut>;
