/**
 * Telling an offer's targets: publishing queues one 'offer.notify' job; the job
 * (after commit, outside transactions for the registry reads) mails each
 * target in batches — the patient at a verified address with e-mail on, and a
 * child's guardians — and marks them notified (a target without an address is
 * marked too: they see the offer in the app). Mails name no patient with
 * protected identity and carry no contact details.
 */
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob } from '../../platform/module.js';
import { type Recipient, recipientsOf } from '../../platform/recipients.js';
import * as store from './store.js';

export const OFFER_NOTIFY_JOB = 'offer.notify';
const BATCH = 200;

type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'jobs' | 'registry' | 'config' | 'log'>;

function body(title: string, unitName: string, forWhom: string | null) {
  const who = forWhom ? `Det gäller ${forWhom}, som du är vårdnadshavare för.\n\n` : '';
  return `Hej!\n\n${who}Du har fått ett erbjudande från vården: ${title}.\n${unitName}\n\nLogga in i Ingång för att läsa mer och boka en tid.\n\nMed vänliga hälsningar\nIngång`;
}

/** Offer notifications. */
export function createOfferNotifier(deps: Deps) {
  return {
    jobs: [
      defineJob({
        kind: OFFER_NOTIFY_JOB,
        deferInRush: true,
        schema: z.object({ offerId: z.string() }),
        handle: async ({ offerId }) => {
          const offer = await store.findOfferById(deps.db, offerId);
          if (offer?.status !== 'published') return;
          const batch = await store.unnotifiedTargets(deps.db, offerId, BATCH);
          const mails: Recipient[] = [];
          for (const personId of batch) {
            for (const r of await recipientsOf(deps, personId)) mails.push(r);
          }
          await deps.db.transaction().execute(async (trx) => {
            for (const r of mails) {
              await deps.mail.queue(trx, {
                to: r.to,
                subject: 'Du har fått ett erbjudande om en tid',
                text: body(offer.title, offer.unit_name, r.forWhom),
              });
            }
            await store.markNotified(trx, offerId, batch, deps.clock.now());
            // More to tell: the next batch is a job of its own (short transactions, restartable).
            if (batch.length === BATCH) await deps.jobs.enqueue(trx, OFFER_NOTIFY_JOB, { offerId });
          });
        },
      }),
    ],

    /** Queues the notification of a just-published offer through `q`. */
    async queue(q: Queryable, offerId: string) {
      await deps.jobs.enqueue(q, OFFER_NOTIFY_JOB, { offerId });
    },
  };
}

export type OfferNotifier = ReturnType<typeof createOfferNotifier>;
