/**
 * Telling the patient: the result is shown in the app as soon as the run
 * commits (in-app), and a durable 'birth-clinic.notify' job sends the e-mail
 * after commit; a 'birth-clinic.reminder' job a day later repeats it once.
 * Mails name the clinic and the week only — never the patient or her address.
 * Push: the messaging module's web-push helpers have no public face yet, so
 * the result is not pushed (noted in docs/notes/birthclinic.md).
 */
import { isoWeekStart, stockholmDate } from '@ingang/domain';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import type { JobQueue, NewJobRow } from '../../platform/jobs.js';
import type { Mailer } from '../../platform/mail.js';
import { defineJob } from '../../platform/module.js';
import * as store from './store.js';

export const NOTIFY_JOB = 'birth-clinic.notify';
export const REMINDER_JOB = 'birth-clinic.reminder';
const DAY_MS = 24 * 60 * 60 * 1000;

const NotifyPayload = z.object({
  pregnancyId: z.uuid(),
  kind: z.enum(['registered', 'allocated', 'moved']),
});
const ReminderPayload = z.object({ pregnancyId: z.uuid() });
type Kind = z.infer<typeof NotifyPayload>['kind'] | 'reminder';

const SUBJECTS: Record<Kind, string> = {
  registered: 'Du kan nu önska förlossningsklinik',
  allocated: 'Du har fått plats på en förlossningsklinik',
  moved: 'Din förlossningsklinik är ändrad',
  reminder: 'Påminnelse: din förlossningsklinik',
};

function body(kind: Kind, facts: { clinic: string | null; week: string; lastDay: string | null }): string {
  const weekNo = Number(facts.week.slice(6));
  const lead =
    kind === 'registered'
      ? `Din barnmorskemottagning har registrerat din graviditet. Logga in i Ingång och välj upp till tre förlossningskliniker i den ordning du helst vill${facts.lastDay ? `. Du kan ändra dig till och med ${facts.lastDay}` : ''}.`
      : kind === 'moved'
        ? `Kliniken du hade fått plats på tar inte emot förlossningar vecka ${weekNo}. Du har i stället fått plats på ${facts.clinic} för vecka ${weekNo}. Logga in i Ingång för att läsa mer.`
        : `Du har fått plats på ${facts.clinic} för vecka ${weekNo} (veckan som börjar ${isoWeekStart(facts.week)}). Logga in i Ingång för att se om det var ditt förstahandsval.`;
  return `Hej!\n\n${lead}\n\nMed vänliga hälsningar\nIngång`;
}

/** Builds the notifier and its job specs. */
export function createBirthClinicNotifier(deps: { db: Db; clock: Clock; jobs: JobQueue; mail: Mailer }) {
  const facts = (pregnancyId: string) => store.notifyFacts(deps.db, pregnancyId);

  async function send(pregnancyId: string, kind: Kind) {
    const f = await facts(pregnancyId);
    if (f?.status !== 'active' || !f.email || !f.email_verified_at || !f.notify_email) return;
    const lastDay = stockholmDate(new Date(f.cutoff_at.getTime() - 1));
    await deps.mail.queue(deps.db, {
      to: f.email,
      subject: SUBJECTS[kind],
      text: body(kind, { clinic: f.clinic, week: f.delivery_week, lastDay }),
    });
  }

  const jobs = [
    defineJob({
      kind: NOTIFY_JOB,
      deferInRush: true,
      schema: NotifyPayload,
      handle: async (p) => send(p.pregnancyId, p.kind),
    }),
    defineJob({
      kind: REMINDER_JOB,
      deferInRush: true,
      schema: ReminderPayload,
      handle: async ({ pregnancyId }) => {
        const f = await facts(pregnancyId);
        if (!f?.told_at || f.reminded_at) return;
        if (await store.markReminded(deps.db, pregnancyId, deps.clock.now())) await send(pregnancyId, 'reminder');
      },
    }),
  ];

  return {
    jobs,
    /** Queues the "you can state your wish" mail through the open transaction. */
    async queueRegistered(q: Queryable, pregnancyId: string) {
      await deps.jobs.enqueue(q, NOTIFY_JOB, { pregnancyId, kind: 'registered' });
    },
    /** Queues the result mails and next-day reminders for many at once (one insert per 500). */
    async queueToldMany(q: Queryable, told: { id: string; moved: boolean }[], now: Date) {
      const rows: NewJobRow[] = [];
      for (const t of told) {
        rows.push(deps.jobs.row(NOTIFY_JOB, { pregnancyId: t.id, kind: t.moved ? 'moved' : 'allocated' }));
        rows.push(deps.jobs.row(REMINDER_JOB, { pregnancyId: t.id }, { runAt: new Date(now.getTime() + DAY_MS) }));
      }
      await store.insertJobRows(q, rows);
    },
  };
}

export type BirthClinicNotifier = ReturnType<typeof createBirthClinicNotifier>;
