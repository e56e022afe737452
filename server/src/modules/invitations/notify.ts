/**
 * Telling patients about invitations and offers. Services enqueue a durable
 * 'invitation.notify' job inside their transaction; the job (after commit)
 * finds the recipients — the patient at a verified address with e-mail on,
 * and for a child the guardians who may act for them (registry, read outside
 * any transaction) — and queues the mails.
 *
 * Mails carry no contact details or address of the patient, and never name a
 * patient with protected identity; they say what to do and where to log in.
 */
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob } from '../../platform/module.js';
import { recipientsOf } from '../../platform/recipients.js';
import * as store from './store.js';

export const INVITATION_NOTIFY_JOB = 'invitation.notify';
export const INVITATION_REMINDER_JOB = 'invitation.reminder';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'jobs' | 'registry' | 'config' | 'log'>;

const NOTIFY_KINDS = ['sent', 'new_time', 'cancelled', 'reminder'] as const;
type NotifyKind = (typeof NOTIFY_KINDS)[number];

const SUBJECTS: Record<NotifyKind, string> = {
  sent: 'Du har fått en kallelse',
  new_time: 'Ny tid i din kallelse',
  cancelled: 'Din kallelse är återkallad',
  reminder: 'Påminnelse: svara på din kallelse',
};

const LEADS: Record<NotifyKind, string> = {
  sent: 'Du har fått en kallelse från vården. Logga in i Ingång för att läsa den och svara.',
  new_time: 'Vården har föreslagit en ny tid i din kallelse. Logga in i Ingång för att svara.',
  cancelled: 'Vården har återkallat kallelsen. Du behöver inte göra något.',
  reminder: 'Du har en kallelse som du inte har svarat på. Logga in i Ingång för att svara.',
};

/** The invitation mail text: unit and type only — never the patient's contact details. */
function body(kind: NotifyKind, unitName: string, typeName: string, forWhom: string | null): string {
  const who = forWhom ? `Det gäller ${forWhom}, som du är vårdnadshavare för.\n\n` : '';
  return `Hej!\n\n${who}${LEADS[kind]}\n\n${typeName}\n${unitName}\n\nMed vänliga hälsningar\nIngång`;
}

/** Invitation notifications: enqueue inside the transaction; the job sends after commit. */
export function createInvitationNotifier(deps: Deps) {
  async function send(invitationId: string, kind: NotifyKind) {
    const row = await store.notifyFacts(deps.db, invitationId);
    if (!row) return;
    const recipients = await recipientsOf(deps, row.person_id);
    await deps.db.transaction().execute(async (trx) => {
      for (const r of recipients) {
        await deps.mail.queue(trx, {
          to: r.to,
          subject: SUBJECTS[kind],
          text: body(kind, row.unit_name, row.name_sv, r.forWhom),
        });
      }
    });
  }

  return {
    /** The notification and reminder jobs. */
    jobs: [
      defineJob({
        kind: INVITATION_NOTIFY_JOB,
        deferInRush: true,
        schema: z.object({ invitationId: z.string(), kind: z.enum(NOTIFY_KINDS) }),
        handle: (p) => send(p.invitationId, p.kind),
      }),
      defineJob({
        kind: INVITATION_REMINDER_JOB,
        deferInRush: true,
        schema: z.object({ invitationId: z.string() }),
        handle: async ({ invitationId }) => {
          const now = deps.clock.now();
          const facts = await store.reminderFacts(deps.db, invitationId);
          // Answered, already reminded, or the deadline moved (a new time was proposed): nothing to do.
          if (!facts || !['proposed', 'pending'].includes(facts.status) || facts.reminded_at) return;
          if (facts.respond_by.getTime() > now.getTime()) return;
          if (await store.markReminded(deps.db, invitationId, now)) await send(invitationId, 'reminder');
        },
      }),
    ],

    /** Queues a notification of `kind` through `q` (the open transaction). */
    async queue(q: Queryable, invitationId: string, kind: Exclude<NotifyKind, 'reminder'>) {
      await deps.jobs.enqueue(q, INVITATION_NOTIFY_JOB, { invitationId, kind });
    },

    /** Schedules the reminder at `respondBy` (the job re-checks that it is still unanswered). */
    async scheduleReminder(q: Queryable, invitationId: string, respondBy: Date) {
      await deps.jobs.enqueue(q, INVITATION_REMINDER_JOB, { invitationId }, { runAt: respondBy });
    },
  };
}

export type InvitationNotifier = ReturnType<typeof createInvitationNotifier>;
