/**
 * Telling the patient's side that the unit has written: a durable job per
 * staff message, run `notifyDelaySeconds` after it. When it runs and the
 * patient's side has already read the message (the app was open), nothing is
 * sent — that is how "don't notify someone who is looking at it" works across
 * instances without tracking presence.
 *
 * Who: the patient, and the representatives (guardian, ombud) who have
 * written in the conversation and may still act for the patient. How: e-mail
 * to a verified address with e-mail notifications on, an SMS to the mobile
 * number in the profile with SMS on (platform/sms.ts: the provider, or the dev
 * outbox), and web push to every subscription of the person with push on.
 * What: only that there is a new message — never its content, the unit, a
 * name, or contact details (so a protected identity is safe in every channel).
 */
import webpush from 'web-push';
import { z } from 'zod';
import { createActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob } from '../../platform/module.js';
import { contactPreferences } from '../../platform/persons.js';
import { toE164 } from '../../platform/sms.js';
import { guardedRequest, requireOutboundUrl } from '../../platform/ssrf.js';
import type { PushSubscriptionRow } from './push-store.js';
import * as pushStore from './push-store.js';

export const NOTIFY_JOB = 'messaging.notify';
/** A push about something other than a message (another module's notice through this module's face). */
export const PUSH_NOTICE_JOB = 'messaging.push-notice';

/**
 * The notices other modules may push, each a fixed kind: the service worker
 * (web/public/sw.js) shows its own fixed text for the kind, so the payload
 * carries no words, names, units or times — only the kind and the page to open.
 */
export const PUSH_NOTICES = ['drop_in_turn'] as const;
export type PushNoticeKind = (typeof PUSH_NOTICES)[number];
/** The page a notice opens: a same-origin app path of plain segments (no query, no host). */
const NOTICE_PATH = /^\/[a-z0-9-]+(\/[a-z0-9-]+){0,4}$/;

/** The language a push is shown in: the person's stored choice (`persons.locale`, set by the app's switch). */
export type PushLanguage = 'sv' | 'en';

/**
 * What the push service receives (encrypted) for a notice: its kind, the path and the person's
 * language (the service worker picks its own text by kind and language) — nothing else.
 */
export function pushNoticePayload(kind: PushNoticeKind, path: string, lang: PushLanguage): string {
  return JSON.stringify({ kind, url: path, lang });
}

type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'sms' | 'jobs' | 'config' | 'registry' | 'log'>;

export interface PushMessage {
  title: string;
  body: string;
  url: string;
}

const MAIL = {
  subject: 'Du har ett nytt meddelande i Ingång',
  self: 'Hej!\n\nDu har fått ett nytt meddelande från vården i Ingång. Logga in för att läsa det.\n\nMed vänliga hälsningar\nIngång',
  other:
    'Hej!\n\nDet finns ett nytt meddelande från vården i Ingång som gäller någon du företräder. Logga in för att läsa det.\n\nMed vänliga hälsningar\nIngång',
};
const SMS = {
  self: 'Ingång: Du har fått ett nytt meddelande från vården. Logga in i Ingång för att läsa det.',
  other:
    'Ingång: Det finns ett nytt meddelande från vården som gäller någon du företräder. Logga in i Ingång för att läsa det.',
};
const PUSH: Record<PushLanguage, PushMessage> = {
  sv: { title: 'Ingång', body: 'Du har ett nytt meddelande', url: '/meddelanden' },
  en: { title: 'Ingång', body: 'You have a new message', url: '/meddelanden' },
};
/** The new-message push in the person's language (`lang` tells the service worker which of its texts to show). */
export function messagePushPayload(lang: PushLanguage): string {
  return JSON.stringify({ ...PUSH[lang], lang });
}

/** The VAPID key pair: from the config, or generated once and shared through the database. */
export async function vapidKeys(deps: Pick<Deps, 'db' | 'config' | 'clock'>) {
  const { publicKey, privateKey } = deps.config.messaging.vapid;
  if (publicKey && privateKey) return { publicKey, privateKey };
  const existing = await pushStore.storedVapidKeys(deps.db);
  if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
  await pushStore.insertVapidKeys(deps.db, webpush.generateVAPIDKeys(), deps.clock.now());
  const row = await pushStore.storedVapidKeys(deps.db);
  if (!row) throw new Error('VAPID keys were not stored');
  return { publicKey: row.public_key, privateKey: row.private_key };
}

export function createMessagingNotifier(deps: Deps) {
  const { db, clock, jobs, mail, sms, config } = deps;
  const actingFor = createActingFor(deps);
  let keys: Promise<{ publicKey: string; privateKey: string }> | null = null;
  const getKeys = () => {
    keys ??= vapidKeys(deps).catch((error) => {
      keys = null;
      throw error;
    });
    return keys;
  };

  /** Sends one push; a subscription the push service says is gone (404/410) is removed. */
  async function push(sub: PushSubscriptionRow, payload: string) {
    const vapid = await getKeys();
    const details = webpush.generateRequestDetails(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      payload,
      { vapidDetails: { subject: config.messaging.vapid.subject, ...vapid }, TTL: 24 * 60 * 60 },
    );
    // Checked again at sending: the endpoint's host may resolve elsewhere by now, or redirect.
    const response = await guardedRequest(
      details.endpoint,
      {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body ? new Uint8Array(details.body as Buffer) : null,
        timeoutMs: 10_000,
      },
      { allowedOrigins: config.messaging.pushAllowedOrigins },
    );
    if (response.status === 404 || response.status === 410) {
      await pushStore.dropPushSubscription(db, sub.id);
      return;
    }
    if (response.status < 200 || response.status > 299)
      throw new Error(`push service answered HTTP ${response.status}`);
    await pushStore.markPushSuccess(db, sub.id, clock.now());
  }

  /** The patient and the representatives who wrote and may still act for them (checked now). */
  async function recipients(conversationId: string, patientId: string): Promise<{ personId: string; self: boolean }[]> {
    const reps = await pushStore.representativeAuthors(db, conversationId);
    const list = [{ personId: patientId, self: true }];
    for (const rep of reps) {
      if (rep === patientId) continue;
      const actor = { kind: 'citizen', personId: rep } as CitizenActor;
      try {
        await actingFor.withSubject(actor, patientId, 'messages', async () => undefined);
        list.push({ personId: rep, self: false });
      } catch {
        // No longer allowed to act for the patient: not told either.
      }
    }
    return list;
  }

  return {
    /** Queues the notification for the message `seq` through `q` (inside the sending transaction). */
    async schedule(q: Queryable, conversationId: string, seq: number): Promise<void> {
      const runAt = new Date(clock.now().getTime() + config.messaging.notifyDelaySeconds * 1000);
      await jobs.enqueue(q, NOTIFY_JOB, { conversationId, seq }, { runAt });
    },

    /**
     * Queues a push notice to one person through `q` (inside the caller's
     * transaction, so it exists exactly when the change that caused it
     * committed). The job holds the person's id, the kind and the path only.
     */
    async pushNotice(q: Queryable, personId: string, kind: PushNoticeKind, path: string): Promise<void> {
      if (!PUSH_NOTICES.includes(kind)) throw new Error(`unknown push notice ${kind}`);
      if (!NOTICE_PATH.test(path)) throw new Error('a push notice opens a plain app path');
      await jobs.enqueue(q, PUSH_NOTICE_JOB, { personId, kind, path });
    },

    jobs: [
      defineJob({
        kind: PUSH_NOTICE_JOB,
        schema: z.object({
          personId: z.string(),
          kind: z.enum(PUSH_NOTICES),
          path: z.string().regex(NOTICE_PATH),
        }),
        handle: async ({ personId, kind, path }) => {
          const pushes: PushSubscriptionRow[] = [];
          let lang: PushLanguage = 'sv';
          await db.transaction().execute(async (trx) => {
            const person = await contactPreferences(trx, personId);
            if (!person?.notify_push) return;
            lang = person.locale;
            pushes.push(...(await pushStore.pushSubscriptionsOf(trx, personId)));
            if (pushes.length === 0) return;
            await recordAudit(trx, {
              actor: { kind: 'system', name: PUSH_NOTICE_JOB },
              subjectPersonId: personId,
              action: 'notify',
              recordType: 'push_notice',
              purpose: 'notification',
              at: clock.now(),
            });
          });
          const payload = pushNoticePayload(kind, path, lang);
          const failures = (await Promise.allSettled(pushes.map((s) => push(s, payload)))).filter(
            (r) => r.status === 'rejected',
          );
          // Not retried: a late "it is your turn" is worse than none (the app tells the open page).
          if (failures.length) deps.log.warn({ failed: failures.length, kind }, 'web push notice delivery failed');
        },
      }),
      defineJob({
        kind: NOTIFY_JOB,
        deferInRush: true,
        schema: z.object({ conversationId: z.string(), seq: z.number() }),
        handle: async ({ conversationId, seq }) => {
          const c = await pushStore.notifyTarget(db, conversationId);
          // Gone (purged) or already read in the open app: nothing to tell.
          if (!c || c.patient_read_seq >= seq) return;
          const people = await recipients(c.id, c.patient_id);
          const pushes: { sub: PushSubscriptionRow; lang: PushLanguage }[] = [];
          await db.transaction().execute(async (trx) => {
            for (const who of people) {
              const person = await contactPreferences(trx, who.personId);
              if (!person) continue;
              if (person.email && person.email_verified_at && person.notify_email) {
                await mail.queue(trx, {
                  to: person.email,
                  subject: MAIL.subject,
                  text: who.self ? MAIL.self : MAIL.other,
                });
              }
              const mobile = person.notify_sms ? toE164(person.phone) : null;
              if (mobile) await sms.queue(trx, { to: mobile, text: who.self ? SMS.self : SMS.other });
              if (person.notify_push) {
                const lang = person.locale;
                for (const sub of await pushStore.pushSubscriptionsOf(trx, who.personId)) pushes.push({ sub, lang });
              }
            }
            await recordAudit(trx, {
              actor: { kind: 'system', name: NOTIFY_JOB },
              subjectPersonId: c.patient_id,
              action: 'notify',
              recordType: 'conversation',
              recordId: c.id,
              purpose: 'notification',
              at: clock.now(),
            });
          });
          const failures = (
            await Promise.allSettled(pushes.map((p) => push(p.sub, messagePushPayload(p.lang))))
          ).filter((r) => r.status === 'rejected');
          // One dead endpoint must not re-send the e-mail: push failures are logged, not retried.
          if (failures.length) deps.log.warn({ failed: failures.length }, 'web push delivery failed');
        },
      }),
    ],

    vapidPublicKey: async () => (await getKeys()).publicKey,

    /** Saves the person's push subscription; the endpoint must be a public https URL of an allowed push service. */
    async subscribe(personId: string, sub: { endpoint: string; keys: { p256dh: string; auth: string } }) {
      await requireOutboundUrl(sub.endpoint, 'endpoint', { allowedOrigins: config.messaging.pushAllowedOrigins });
      await pushStore.upsertPushSubscription(db, personId, { endpoint: sub.endpoint, ...sub.keys }, clock.now());
    },

    /** Removes the person's subscription of the endpoint. */
    unsubscribe: (personId: string, endpoint: string) => pushStore.deletePushSubscription(db, personId, endpoint),
  };
}

export type MessagingNotifier = ReturnType<typeof createMessagingNotifier>;
