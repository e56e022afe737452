/**
 * Opening a case from any channel: the case and its first message in one transaction, the SLA
 * deadline on the opening-hours calendar, round-robin assignment to an available first-line agent
 * with room (also after hours: availability decides), and — when nobody can take it now, or it
 * came by mail or the public form —
 * an automatic first answer with matching help-centre articles and a realistic answer time.
 */
import type { ArticleSummary } from '@ingang/contracts';
import {
  addOpenMinutes,
  caseReference,
  isOpenAt,
  nextOpening,
  pickRoundRobin,
  typicalWaitMinutes,
} from '@ingang/domain';
import { uuid } from '../../platform/db/helpers.js';
import type { Tx } from '../../platform/db/index.js';
import type { SupportDeps } from './deps.js';
import type { KnowledgeService } from './knowledge-service.js';
import type { MailOut } from './mail-out.js';
import type { CaseRow } from './store.js';
import * as store from './store.js';

export interface NewCase {
  channel: 'chat' | 'web' | 'email';
  personId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  subject: string;
  body: string;
  locale: 'sv' | 'en';
  messageId?: string | null;
  attachmentsRefused?: number;
  /** Why mail to this case is never answered (auto-replies, bulk mail). */
  noReplyReason?: string | null;
}

const stockholm = (d: Date, locale: 'sv' | 'en') =>
  d.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', {
    timeZone: 'Europe/Stockholm',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });

export function createIntake(deps: SupportDeps, knowledge: KnowledgeService, mailOut: MailOut) {
  const { clock, calendar, config } = deps;

  /** The time a case opened now would typically get its first answer (null if the desk never opens). */
  async function answerBy(trx: Tx, now: Date): Promise<Date | null> {
    const recent = await store.recentFirstAnswers(trx, new Date(now.getTime() - 7 * 86_400_000));
    return addOpenMinutes(calendar, now, typicalWaitMinutes(recent, config.firstAnswerGoalMinutes));
  }

  /**
   * Offers the case to the first-line agent next in turn with room. Only the chosen agent's row
   * is locked (and their load re-counted under it), so concurrent cases queue on one agent at a
   * time, not on the whole desk; when that agent filled up meanwhile, the next in turn is tried.
   */
  async function assign(trx: Tx, c: CaseRow, now: Date): Promise<string | null> {
    let loads = await store.agentLoads(trx, 'first_line', { locale: c.locale, declinedBy: c.declined_by });
    for (let pick = pickRoundRobin(loads); pick; pick = pickRoundRobin(loads)) {
      if (await store.lockAgentWithRoom(trx, pick)) {
        await store.updateCase(trx, c.id, { assignee_staff_id: pick, offered_at: now });
        await store.setAgent(trx, pick, { last_assigned_at: now }, now);
        c.assignee_staff_id = pick;
        c.offered_at = now;
        return pick;
      }
      const taken = pick;
      loads = loads.filter((l) => l.staffId !== taken);
    }
    return null;
  }

  function autoAnswerText(n: NewCase, ref: string, by: Date | null, open: boolean, articles: ArticleSummary[]) {
    const en = n.locale === 'en';
    const when = by ? stockholm(by, n.locale) : en ? 'as soon as we can' : 'så snart vi kan';
    const lines = en
      ? [
          `Thank you for contacting citizen support. Your case number is ${ref}.`,
          open ? `We expect to answer by ${when}.` : `We are closed right now; we expect to answer by ${when}.`,
        ]
      : [
          `Tack för att du kontaktar invånarsupporten. Ditt ärendenummer är ${ref}.`,
          open
            ? `Vi räknar med att svara senast ${when}.`
            : `Vi har stängt just nu; vi räknar med att svara senast ${when}.`,
        ];
    if (articles.length) {
      lines.push(
        en
          ? 'These articles in our help centre may answer your question:'
          : 'De här artiklarna i hjälpcentret kan svara på din fråga:',
      );
      for (const a of articles) lines.push(`- ${a.title}: ${config.publicUrl}/hjalp/${a.slug}?lang=${a.locale}`);
    }
    if (n.channel !== 'chat') {
      lines.push(
        en
          ? 'We never discuss bookings or health by e-mail. For those, log in to Ingång and write to us there. Medical questions: call 1177.'
          : 'Vi tar aldrig upp bokningar eller hälsa via e-post. Logga då in i Ingång och skriv till oss där. Medicinska frågor: ring 1177.',
      );
    }
    if (n.attachmentsRefused)
      lines.push(
        en
          ? 'Attachments are not accepted by e-mail and were not kept.'
          : 'Bilagor tas inte emot via e-post och har inte sparats.',
      );
    return lines.join('\n\n');
  }

  return {
    answerBy,
    assign,

    /** Opens a case with its first message in `trx`; returns the case and the suggested articles. */
    async open(trx: Tx, n: NewCase): Promise<{ case: CaseRow; suggestions: ArticleSummary[]; answerBy: Date | null }> {
      const now = clock.now();
      const id = uuid();
      const row = {
        id,
        reference: caseReference(id),
        channel: n.channel,
        status: 'new' as const,
        person_id: n.personId,
        contact_name: n.contactName,
        contact_email: n.contactEmail,
        subject: n.subject,
        locale: n.locale,
        assignee_staff_id: null,
        offered_at: null,
        accepted_at: null,
        escalated_at: null,
        escalation_note: null,
        created_at: now,
        first_answer_due_at: addOpenMinutes(calendar, now, config.firstAnswerGoalMinutes),
        first_answer_at: null,
        first_answer_open_minutes: null,
        breach_escalated_at: null,
        waiting_since: now,
        last_activity_at: now,
        closed_at: null,
        merged_into_id: null,
        mail_refs: n.messageId ? [n.messageId] : [],
        mail_no_reply_reason: n.noReplyReason ?? null,
        declined_by: [],
        rating: null,
        rating_comment: null,
        rated_at: null,
      };
      await store.insertCase(trx, row);
      await store.insertMessage(trx, {
        id: uuid(),
        case_id: id,
        author_kind: 'citizen',
        author_staff_id: null,
        body: n.body,
        channel: n.channel,
        message_id: n.messageId ?? null,
        attachments_refused: n.attachmentsRefused ?? 0,
        created_at: now,
      });
      const c: CaseRow = { ...row };
      const open = isOpenAt(calendar, now);
      const suggestions = await knowledge.suggest(`${n.subject} ${n.body}`, n.locale, 3, trx);
      const by = open ? await answerBy(trx, now) : nextOpening(calendar, now);
      // Last, so the chosen agent's row lock is held only for the few statements left. An agent
      // who is available takes chats also outside the opening hours (the calendar sets the
      // promise, not who may answer) — as the waiting-offers sweep would a few seconds later.
      const assigned = await assign(trx, c, now);
      // Mail and the public form always get a receipt; a chat only when nobody can take it now.
      if (n.channel !== 'chat' || !assigned) {
        const text = autoAnswerText(n, c.reference, by, open, suggestions);
        await store.insertMessage(trx, {
          id: uuid(),
          case_id: id,
          author_kind: 'system',
          author_staff_id: null,
          body: text,
          channel: n.channel === 'chat' ? 'chat' : 'email',
          message_id: null,
          created_at: new Date(now.getTime() + 1),
        });
        if (n.channel !== 'chat') await mailOut.send(trx, c, text, { automatic: true });
      }
      return { case: c, suggestions, answerBy: by };
    },
  };
}

export type Intake = ReturnType<typeof createIntake>;
