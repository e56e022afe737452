/**
 * Telling people about their bookings: the confirmation (with an .ics file),
 * the cancellation notice and the reminder 24 h before the visit. Everything
 * is queued inside the booking's transaction, so a mail goes out exactly when
 * the change committed.
 *
 * Who gets mail: the patient, at an e-mail address they verified themselves
 * and with e-mail notifications on; and, when someone booked for them
 * (guardian, ombud), that person too on the same terms. A protected identity
 * still gets mail at their own verified address — it carries no address or
 * contact details of theirs. Mails never name the patient (a protected
 * person's name must not travel by e-mail); one to a guardian or ombud says
 * it concerns someone they act for, by given name only when the patient is
 * not protected.
 *
 * The same people also get an SMS when they chose SMS and have a mobile number
 * (`notify_sms`, `phone`): a text with the time only (sms-text.ts), in their own
 * language, at most once per booking event and person (`sms.queueOnce` keys),
 * so a reminder job retried after its transaction committed sends no second SMS.
 * The reminder reaches the same people as the confirmation: the patient and the
 * citizen who booked (`bookings.booked_by_person_id`) when that is someone else.
 */
import { bookingIcs, formatStockholmDateTime } from '@ingang/domain';
import { z } from 'zod';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/index.js';
import type { NewJobRow } from '../../platform/jobs.js';
import type { MailMessage } from '../../platform/mail.js';
import { defineJob, type ScheduleSpec } from '../../platform/module.js';
import { notifyFacts } from '../../platform/persons.js';
import { type SmsMessage, toE164 } from '../../platform/sms.js';
import * as reads from './read-store.js';
import { sweepReminders } from './reminder-store.js';
import { REMINDER_JOB, REMINDER_SWEEP, REMINDER_SWEEP_EVERY_MS } from './reminders.js';
import { bookingSmsKey, bookingSmsText } from './sms-text.js';

export { REMINDER_JOB } from './reminders.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'sms' | 'jobs' | 'config'>;

type NotifyFacts = Pick<
  NonNullable<Awaited<ReturnType<typeof notifyFacts>>>,
  | 'email'
  | 'email_verified_at'
  | 'notify_email'
  | 'protected_identity'
  | 'given_name'
  | 'phone'
  | 'notify_sms'
  | 'locale'
>;

export interface BookingMailFacts {
  bookingId: string;
  patientId: string;
  /** Who acted, when not the patient. */
  bookerId: string | null;
  start: Date;
  end: Date;
  timeTypeName: string;
  unitName: string;
  unitAddress: string;
  /** The patient's notify facts when the caller has read them already (saves a read). */
  patient?: NotifyFacts;
  /** Rebook: the booking replaced, whose calendar event the mail cancels. */
  replaced?: { bookingId: string; start: Date; end: Date };
}

type Kind = 'confirmed' | 'cancelled' | 'rebooked' | 'reminder';

const SUBJECTS: Record<Kind, string> = {
  confirmed: 'Din bokning är bekräftad',
  rebooked: 'Din bokning är ombokad',
  cancelled: 'Din bokning är avbokad',
  reminder: 'Påminnelse: du har en bokad tid i morgon',
};

function body(kind: Kind, f: BookingMailFacts, forWhom: string | null): string {
  const when = formatStockholmDateTime(f.start);
  const who = forWhom ? `Det gäller ${forWhom}, som du företräder.\n\n` : '';
  const what = `${f.timeTypeName}\n${when}\n${f.unitName}, ${f.unitAddress}`;
  const lead: Record<Kind, string> = {
    confirmed: 'Tiden är bokad. Kalenderfilen i mejlet lägger in besöket i din kalender.',
    rebooked: 'Tiden är ombokad till den nya tiden nedan. Den gamla tiden är avbokad.',
    cancelled: 'Tiden är avbokad.',
    // A guardian or ombud is not the one visiting.
    reminder: forWhom ? 'Välkommen på besöket.' : 'Välkommen på ditt besök.',
  };
  const tail = kind === 'cancelled' ? 'Du kan boka en ny tid i Ingång.' : 'Du kan avboka eller boka om tiden i Ingång.';
  return `Hej!\n\n${who}${lead[kind]}\n\n${what}\n\n${tail}\n\nMed vänliga hälsningar\nIngång`;
}

/** Booking notifications and the reminder job. */
export function createBookingNotifier(deps: Deps) {
  const { mail, sms, clock } = deps;
  const host = new URL(deps.config.publicUrl).hostname;

  /** Who is told: each with their verified address (or null) and their mobile for SMS (or null). */
  async function recipients(q: Queryable, f: BookingMailFacts) {
    const patient = f.patient ?? (await notifyFacts(q, f.patientId));
    const list: {
      personId: string;
      to: string | null;
      mobile: string | null;
      locale: string;
      forWhom: string | null;
    }[] = [];
    const mailTo = (p: NotifyFacts) => (p.email && p.email_verified_at && p.notify_email ? p.email : null);
    const mobileOf = (p: NotifyFacts) => (p.notify_sms ? toE164(p.phone) : null);
    if (patient) {
      list.push({
        personId: f.patientId,
        to: mailTo(patient),
        mobile: mobileOf(patient),
        locale: patient.locale,
        forWhom: null,
      });
    }
    if (f.bookerId && f.bookerId !== f.patientId) {
      const booker = await notifyFacts(q, f.bookerId);
      if (booker) {
        const name = patient && !patient.protected_identity ? patient.given_name : 'en person';
        list.push({
          personId: f.bookerId,
          to: mailTo(booker),
          mobile: mobileOf(booker),
          locale: booker.locale,
          forWhom: name,
        });
      }
    }
    return list.filter((r) => r.to !== null || r.mobile !== null);
  }

  /** The SMS of `kind`, one per recipient with SMS on, each with its once-only key. */
  function smsOf(to: Awaited<ReturnType<typeof recipients>>, kind: Kind, f: BookingMailFacts) {
    const out: { key: string; message: SmsMessage }[] = [];
    for (const r of to) {
      if (!r.mobile) continue;
      out.push({
        key: bookingSmsKey(kind, f.bookingId, r.personId),
        message: { to: r.mobile, text: bookingSmsText(kind, f.start, r.locale, r.forWhom === null) },
      });
    }
    return out;
  }

  /** The mails of `kind` (with the .ics for a booked time), one per recipient. */
  async function messages(
    q: Queryable,
    kind: Kind,
    f: BookingMailFacts,
    known?: Awaited<ReturnType<typeof recipients>>,
  ) {
    // Most people have no verified address: then no calendar file is built (it was ~3 % of
    // the server's CPU in a release rush).
    const to = (known ?? (await recipients(q, f))).filter((r): r is typeof r & { to: string } => r.to !== null);
    if (to.length === 0) return [] as MailMessage[];
    const now = clock.now();
    const ics = (bookingId: string, start: Date, end: Date, cancelled: boolean, filename: string) => ({
      filename,
      contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'PUBLISH'}`,
      content: bookingIcs({
        uid: `booking-${bookingId}@${host}`,
        start,
        end,
        summary: `${f.timeTypeName}, ${f.unitName}`,
        location: `${f.unitName}, ${f.unitAddress}`,
        now,
        cancelled,
      }),
    });
    const attachments =
      kind === 'reminder' ? [] : [ics(f.bookingId, f.start, f.end, kind === 'cancelled', 'bokning.ics')];
    if (f.replaced) {
      attachments.push(ics(f.replaced.bookingId, f.replaced.start, f.replaced.end, true, 'avbokad-tid.ics'));
    }
    return to.map(
      (r): MailMessage => ({
        to: r.to,
        subject: SUBJECTS[kind],
        text: body(kind, f, r.forWhom),
        ...(attachments.length ? { attachments } : {}),
      }),
    );
  }

  /** Queues the mail of `kind` through `q` (pass the open transaction). */
  async function queue(q: Queryable, kind: Kind, f: BookingMailFacts): Promise<void> {
    const to = await recipients(q, f);
    for (const message of await messages(q, kind, f, to)) await mail.queue(q, message);
    for (const s of smsOf(to, kind, f)) await sms.queueOnce(q, s.key, s.message);
  }

  return {
    queue,

    /**
     * The confirmation mails of a new booking as job rows, for the one-statement booking
     * (book-store.ts) that inserts them only if the booking is in. Its reminder is not among
     * them: the reminder sweep derives it from the booking (reminders.ts).
     * `q` is read only when someone else booked for the patient (their address).
     */
    async confirmationJobs(q: Queryable, f: BookingMailFacts): Promise<NewJobRow[]> {
      // A new booking's id is new: its confirmation cannot repeat, so no once-key is needed.
      const to = await recipients(q, f);
      const rows = (await messages(q, 'confirmed', f, to)).map((m) => mail.jobRow(m));
      for (const s of smsOf(to, 'confirmed', f)) rows.push(sms.row(s.message));
      return rows;
    },

    /**
     * The sweep that derives the reminder jobs from the bookings (reminders.ts): every minute on
     * every instance, held in a rush like the reminder jobs themselves.
     */
    schedules: [
      {
        name: REMINDER_SWEEP,
        everyMs: REMINDER_SWEEP_EVERY_MS,
        deferInRush: true,
        run: async () => void (await sweepReminders(deps.db, clock.now())),
      },
    ] satisfies ScheduleSpec[],

    /** The reminder job: it re-checks that the booking is still booked before mailing. */
    jobs: [
      defineJob({
        kind: REMINDER_JOB,
        deferInRush: true,
        schema: z.object({ bookingId: z.string() }),
        handle: async ({ bookingId }) => {
          await deps.db.transaction().execute(async (trx) => {
            const owner = await reads.bookingOwner(trx, bookingId);
            if (!owner) return;
            const [row] = await reads.listBookings(trx, { personIds: [owner], bookingId });
            // Cancelled, rebooked (the old one is cancelled), or already started: nothing to remind of.
            if (row?.status !== 'booked' || row.startsAt.getTime() <= clock.now().getTime()) return;
            const actor: AuditActor = { kind: 'system', name: REMINDER_JOB };
            await queue(trx, 'reminder', {
              bookingId,
              patientId: row.personId,
              // The one who booked (a guardian for a child) is reminded as they were told of
              // the booking; their own once-key keeps it to one each.
              bookerId: row.bookedByPersonId,
              start: row.startsAt,
              end: row.endsAt,
              timeTypeName: row.timeTypeName,
              unitName: row.unitName,
              unitAddress: row.unitAddress,
            });
            await recordAudit(trx, {
              actor,
              subjectPersonId: row.personId,
              action: 'notify',
              recordType: 'booking',
              recordId: bookingId,
              purpose: 'reminder',
              at: clock.now(),
            });
          });
        },
      }),
    ],
  };
}

export type BookingNotifier = ReturnType<typeof createBookingNotifier>;
