/**
 * The support address's SMTP receiver (`smtp-server` + `mailparser`) and what becomes of each
 * mail: a new case, a message in the thread it answers (Message-ID, else the case tag from the
 * same sender), or — for mail from our own address or claiming to be an agent — set aside in
 * the inbound log. Oversized mail is refused in the SMTP dialogue with a polite 552; HTML is
 * reduced to text by sanitize-html and never stored or rendered as HTML. Logs carry ids and
 * verdicts, never addresses or bodies.
 */
import type { AddressInfo } from 'node:net';
import { classifyInbound, messageIdsIn, nextCaseStatus, referenceFromSubject } from '@ingang/domain';
import { type ParsedMail, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { SMTPServer } from 'smtp-server';
import { uuid } from '../../platform/db/helpers.js';
import { bareAddress, type SupportDeps } from './deps.js';
import type { Intake } from './intake.js';
import * as store from './store.js';

const MAX_TEXT = 20_000;

export interface InboundResult {
  verdict: string;
  caseId: string | null;
}

/** The plain text of a mail: its text part, else its HTML with every tag removed. */
export function mailText(mail: Pick<ParsedMail, 'text' | 'html'>): string {
  const text = mail.text?.trim()
    ? mail.text
    : typeof mail.html === 'string'
      ? sanitizeHtml(mail.html, {
          allowedTags: [],
          allowedAttributes: {},
          nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'],
        })
      : '';
  return (
    text
      .replace(/\r\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .slice(0, MAX_TEXT) || '(tomt meddelande)'
  );
}

export function createMailIn(deps: SupportDeps, intake: Intake) {
  const { db, clock, config, log } = deps;
  const own = [config.address, bareAddress(deps.config.defaultFrom)];

  /** Files one parsed mail. Never throws for bad content: whatever arrives is kept somewhere. */
  async function receive(mail: ParsedMail): Promise<InboundResult> {
    const now = clock.now();
    const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
    const subject = (mail.subject ?? '').slice(0, 300) || '(inget ämne)';
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of mail.headers) headers[k.toLowerCase()] = typeof v === 'string' ? v : undefined;
    const text = mailText(mail);
    return db.transaction().execute(async (trx) => {
      if (!from) {
        await store.insertInbound(trx, {
          id: uuid(),
          received_at: now,
          verdict: 'malformed',
          case_id: null,
          mail_from: '',
          subject,
          quarantined_text: text,
        });
        return { verdict: 'malformed', caseId: null };
      }
      const verdict = classifyInbound({
        from,
        headers,
        ownAddresses: own,
        agentAddresses: await store.agentAddresses(trx),
        repliesLastHour: await store.mailsSentSince(trx, from, new Date(now.getTime() - 3_600_000)),
        hourlyCap: config.replyCapPerHour,
      });
      if (verdict.kind === 'refused') {
        await store.insertInbound(trx, {
          id: uuid(),
          received_at: now,
          verdict: verdict.reason,
          case_id: null,
          mail_from: from,
          subject,
          quarantined_text: text,
        });
        return { verdict: verdict.reason, caseId: null };
      }
      const messageId = mail.messageId ? `<${mail.messageId.replace(/^<|>$/g, '')}>` : null;
      const noReply = verdict.mayAnswer ? null : verdict.reason === 'reply_cap' ? null : verdict.reason;
      const thread = await store.findThreadCase(
        trx,
        [...messageIdsIn(headers['in-reply-to']), ...messageIdsIn(headers.references)],
        referenceFromSubject(subject),
        from,
      );
      if (messageId) {
        const dup = await store.messageByMailId(trx, messageId);
        if (dup) return { verdict: 'duplicate', caseId: dup.case_id };
      }
      if (thread && thread.status !== 'merged') {
        const status = nextCaseStatus(thread.status, 'citizen_reply', null);
        await store.insertMessage(trx, {
          id: uuid(),
          case_id: thread.id,
          author_kind: 'citizen',
          author_staff_id: null,
          body: text,
          channel: 'email',
          message_id: messageId,
          attachments_refused: mail.attachments.length,
          created_at: now,
        });
        await store.updateCase(trx, thread.id, {
          status,
          waiting_since: thread.waiting_since ?? now,
          last_activity_at: now,
          mail_refs: messageId ? [...thread.mail_refs, messageId].slice(-20) : thread.mail_refs,
          ...(thread.status === 'closed'
            ? { closed_at: null, assignee_staff_id: null, offered_at: null, accepted_at: null }
            : {}),
          // An auto-reply in the thread stops further mail to it; a person writing again lifts that.
          mail_no_reply_reason: noReply,
        });
        await store.insertInbound(trx, {
          id: uuid(),
          received_at: now,
          verdict: 'thread',
          case_id: thread.id,
          mail_from: from,
          subject,
          quarantined_text: null,
        });
        return { verdict: 'thread', caseId: thread.id };
      }
      const name = mail.from?.value[0]?.name?.slice(0, 100) || null;
      const opened = await intake.open(trx, {
        channel: 'email',
        personId: null,
        contactName: name,
        contactEmail: from,
        subject: subject.slice(0, 120),
        body: text,
        locale: 'sv',
        messageId,
        attachmentsRefused: mail.attachments.length,
        noReplyReason: noReply,
      });
      await store.insertInbound(trx, {
        id: uuid(),
        received_at: now,
        verdict: 'case',
        case_id: opened.case.id,
        mail_from: from,
        subject,
        quarantined_text: null,
      });
      return { verdict: 'case', caseId: opened.case.id };
    });
  }

  /** Starts the receiver on the configured address and port (0 = any free port). */
  async function start(): Promise<{ port: number; close(): Promise<void> }> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: config.maxMailBytes,
      banner: 'Ingång citizen support',
      onRcptTo(address, _session, callback) {
        if (bareAddress(address.address) === config.address) return callback();
        const refusal = new Error('No such mailbox here') as Error & { responseCode: number };
        refusal.responseCode = 550;
        return callback(refusal);
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then(async (mail) => {
            if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
              const refusal = new Error(
                `Meddelandet är för stort (max ${Math.floor(config.maxMailBytes / 1_048_576)} MB). Skicka utan bilagor, eller logga in i Ingång. / Message too large; send it without attachments.`,
              ) as Error & { responseCode: number };
              refusal.responseCode = 552;
              log.info({ verdict: 'too_large' }, 'support mail refused');
              return callback(refusal);
            }
            const result = await receive(mail);
            await deps.events.changed(result.caseId);
            log.info({ verdict: result.verdict, caseId: result.caseId }, 'support mail received');
            callback();
          })
          .catch((error: unknown) => {
            log.warn({ errName: (error as Error)?.name }, 'support mail could not be filed');
            callback(new Error('Could not accept the message now; try again later'));
          });
      },
    });
    server.on('error', (error: Error & { code?: string }) =>
      log.warn({ code: error.code }, 'support SMTP server error'),
    );
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(config.smtpPort, config.smtpHost, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const port = (server.server.address() as AddressInfo).port;
    log.info({ port }, 'support SMTP receiver listening');
    return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  return { receive, start };
}
