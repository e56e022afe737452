/**
 * Ratings for cases answered by e-mail or from the public form (issue 16): when such a case is
 * closed the citizen gets a rating link by mail — no login. The link carries a signed token
 * `v1.<payload>.<hmac>` (case, nonce, expiry); the nonce's row makes it single-use. A forged or
 * mangled token is 400 invalid_token, an expired one 410 token_expired, a used one (or a case
 * already rated) 409 token_used — each a clear refusal the page can show.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RatingBody } from '@ingang/contracts';
import type { z } from 'zod';
import type { Tx } from '../../platform/db/index.js';
import { AppError, badRequest, conflict } from '../../platform/errors.js';
import type { SupportDeps } from './deps.js';
import type { MailOut } from './mail-out.js';
import * as rs from './rating-store.js';
import type { CaseRow } from './store.js';
import * as store from './store.js';

/** How long a rating link works. */
export const RATING_LINK_DAYS = 14;

interface Payload {
  /** Case id, nonce, expiry (ms since epoch). */
  c: string;
  n: string;
  e: number;
}

const invalid = () => badRequest('invalid_token', 'The rating link is not valid.', { token: 'is not a rating link' });

/** `secret`: the signing key (rating-store `ratingSecret`), read once before any transaction needs it. */
export function createRatings(deps: SupportDeps, mailOut: MailOut, secret: string) {
  const { db, clock, config } = deps;
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();

  async function sign(p: Payload): Promise<string> {
    const payload = Buffer.from(JSON.stringify(p)).toString('base64url');
    return `v1.${payload}.${mac(payload).toString('base64url')}`;
  }

  /** The payload of a token whose signature holds (expiry not yet checked), else 400. */
  async function verify(token: string): Promise<Payload> {
    const [version, payload, signature, ...rest] = token.split('.');
    if (version !== 'v1' || !payload || !signature || rest.length) throw invalid();
    const expected = mac(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
      if (typeof p.c !== 'string' || typeof p.n !== 'string' || typeof p.e !== 'number') throw invalid();
      return p;
    } catch {
      throw invalid();
    }
  }

  function usable(p: Payload, row: { used_at: Date | null } | undefined, c: CaseRow | undefined, now: Date) {
    if (!row || !c || c.id !== p.c) throw invalid();
    if (p.e <= now.getTime()) throw new AppError(410, 'token_expired', 'The rating link has expired.');
    if (row.used_at || c.rating !== null) throw conflict('token_used', 'The case has already been rated.');
  }

  return {
    /**
     * Mails a rating link for a closed case answered by mail (in `trx`, with the close). A chat
     * is rated in the app instead; cases that are never mailed (auto-replies, no address) get none.
     */
    async offer(trx: Tx, c: CaseRow): Promise<void> {
      if (c.channel === 'chat' || !c.contact_email || c.mail_no_reply_reason || c.rating !== null) return;
      const now = clock.now();
      const p: Payload = {
        c: c.id,
        n: randomBytes(16).toString('base64url'),
        e: now.getTime() + RATING_LINK_DAYS * 86_400_000,
      };
      await rs.insertToken(trx, { nonce: p.n, case_id: c.id, expires_at: new Date(p.e) });
      const link = `${config.publicUrl}/kontakt/betyg?t=${encodeURIComponent(await sign(p))}`;
      const text =
        c.locale === 'en'
          ? `Your case ${c.reference} is closed. How did we do? Rate our answer (one question, optional):\n${link}\n\nThe link works for ${RATING_LINK_DAYS} days.`
          : `Ditt ärende ${c.reference} är avslutat. Vad tyckte du om svaret? Betygsätt det (en fråga, frivilligt):\n${link}\n\nLänken fungerar i ${RATING_LINK_DAYS} dagar.`;
      await mailOut.send(trx, c, text, { automatic: true });
    },

    /** What the rating page shows for a token (no login): the case's reference and subject. */
    async peek(token: string): Promise<{ reference: string; subject: string }> {
      const p = await verify(token);
      const [row, c] = await Promise.all([rs.token(db, p.n), store.getCase(db, p.c)]);
      usable(p, row, c, clock.now());
      return { reference: c!.reference, subject: c!.subject };
    },

    /** Rates the case once through the link; the token is spent in the same transaction. */
    async rate(token: string, body: z.infer<typeof RatingBody>): Promise<void> {
      const p = await verify(token);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await rs.lockToken(trx, p.n);
        const c = await store.lockCase(trx, p.c);
        usable(p, row, c, now);
        await rs.markUsed(trx, p.n, now);
        await store.updateCase(trx, p.c, { rating: body.rating, rating_comment: body.comment ?? null, rated_at: now });
      });
    },
  };
}

export type Ratings = ReturnType<typeof createRatings>;
