/**
 * The citizen's own profile. Every function acts on the logged-in citizen
 * only (the id comes from the session, never from the request) and audits
 * the read or write in the same transaction. For a person with a protected
 * identity the postal address is never returned and e-mail addresses are masked.
 */
import { randomBytes } from 'node:crypto';
import type { Profile } from '@ingang/contracts';
import { parsePersonnummer } from '@ingang/domain';
import { type AuditActor, recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/index.js';
import { badRequest, unauthorized } from '../../platform/errors.js';
import { hashToken } from '../../platform/sessions.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'mail' | 'rateLimiter' | 'config'>;

const VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
export const EMAIL_CHANGES_PER_HOUR = 5;

/** `a***@***.se`: enough to recognise one's own address, not enough to find the person. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const tld = email.slice(email.lastIndexOf('.'));
  return `${email.slice(0, Math.min(1, at))}***@***${tld.length < 10 ? tld : ''}`;
}

function toProfile(row: store.ProfileRow, pendingEmail: string | null, now: Date): Profile {
  const parsed = parsePersonnummer(row.personalNumber, now);
  const shown = (email: string | null) => (email && row.protectedIdentity ? maskEmail(email) : email);
  return {
    personId: row.id,
    personalNumber: row.personalNumber,
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: parsed.ok ? parsed.value.birthDate : '',
    protectedIdentity: row.protectedIdentity,
    address: row.protectedIdentity
      ? null
      : { street: row.street, postalCode: row.postalCode, city: row.city, municipality: row.municipality },
    email: shown(row.email),
    emailVerified: row.email !== null && row.emailVerifiedAt !== null,
    pendingEmail: shown(pendingEmail),
    phone: row.phone,
    notifications: { email: row.notifyEmail, sms: row.notifySms, push: row.notifyPush },
    locale: row.locale,
    listedUnit: row.listedUnit,
  };
}

export interface ProfileUpdate {
  phone?: string | null;
  notifications?: { email?: boolean; sms?: boolean; push?: boolean };
  locale?: 'sv' | 'en';
  listedUnitId?: string;
}

export function createProfileService(deps: Deps) {
  const { db, clock } = deps;

  async function readAudited(actor: AuditActor & { personId: string }, action: string, q: Queryable) {
    const now = clock.now();
    const row = await store.findProfile(q, actor.personId);
    if (!row) throw unauthorized();
    const pending = await store.findPendingEmail(q, actor.personId, now);
    await recordAudit(q, {
      actor,
      subjectPersonId: actor.personId,
      action,
      recordType: 'profile',
      recordId: actor.personId,
      purpose: 'self_service',
      at: now,
    });
    return toProfile(row, pending, now);
  }

  return {
    /** The citizen's own profile. */
    async get(actor: CitizenActor): Promise<Profile> {
      return db.transaction().execute((trx) => readAudited(actor, 'read', trx));
    },

    /** Changes contact details, notification choices, language or listing; returns the new profile. */
    async update(actor: CitizenActor, input: ProfileUpdate): Promise<Profile> {
      return db.transaction().execute(async (trx) => {
        if (input.listedUnitId !== undefined && !(await store.isActiveVardcentral(trx, input.listedUnitId))) {
          throw badRequest('invalid_input', 'Välj en vårdcentral som finns i listan.', {
            'body.listedUnitId': 'must be an active vårdcentral',
          });
        }
        await store.updateProfile(
          trx,
          actor.personId,
          {
            phone: input.phone,
            notifyEmail: input.notifications?.email,
            notifySms: input.notifications?.sms,
            notifyPush: input.notifications?.push,
            locale: input.locale,
            listedUnitId: input.listedUnitId,
          },
          clock.now(),
        );
        return readAudited(actor, 'update', trx);
      });
    },

    /**
     * Starts an e-mail change: stores the SHA-256 of a random token (24 h) and
     * queues a mail with the link. The address is set only when the link is followed.
     */
    async requestEmailChange(actor: CitizenActor, email: string): Promise<{ pendingEmail: string }> {
      await deps.rateLimiter.hit(
        `email-change:${actor.personId}`,
        EMAIL_CHANGES_PER_HOUR,
        'Du har bytt e-postadress för många gånger. Försök igen om en timme.',
        3600,
      );
      const token = randomBytes(32).toString('base64url');
      const link = `${deps.config.publicUrl}/profil/verifiera-epost?token=${token}`;
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const row = await store.findProfile(trx, actor.personId);
        if (!row) throw unauthorized();
        await store.createEmailVerification(trx, {
          tokenHash: hashToken(token),
          personId: actor.personId,
          email,
          expiresAt: new Date(now.getTime() + VERIFICATION_TTL_MS),
          now,
        });
        await deps.mail.queue(trx, { to: email, subject: 'Bekräfta din e-postadress i Ingång', text: mailText(link) });
        await recordAudit(trx, {
          actor,
          subjectPersonId: actor.personId,
          action: 'request_email_change',
          recordType: 'profile',
          recordId: actor.personId,
          purpose: 'self_service',
          at: now,
        });
        return { pendingEmail: row.protectedIdentity ? maskEmail(email) : email };
      });
    },

    /** Follows a verification link: single use; 'token_expired' after 24 h, 'token_invalid' otherwise. */
    async verifyEmail(token: string): Promise<{ email: string }> {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const tokenHash = hashToken(token);
        const found = await store.lockEmailVerification(trx, tokenHash);
        if (!found || found.used_at) {
          throw badRequest('token_invalid', 'Länken fungerar inte. Den kan redan ha använts — begär en ny länk.');
        }
        if (found.expires_at <= now) {
          throw badRequest('token_expired', 'Länken har slutat gälla. Begär en ny länk från din profil.');
        }
        await store.applyEmailVerification(trx, { tokenHash, personId: found.person_id, email: found.email, now });
        // The token stood in for a login: the person it was sent to made the change.
        await recordAudit(trx, {
          actor: { kind: 'citizen', personId: found.person_id },
          subjectPersonId: found.person_id,
          action: 'verify_email',
          recordType: 'profile',
          recordId: found.person_id,
          purpose: 'self_service',
          at: now,
        });
        const profile = await store.findProfile(trx, found.person_id);
        return { email: profile?.protectedIdentity ? maskEmail(found.email) : found.email };
      });
    },
  };
}

function mailText(link: string): string {
  return [
    'Hej!',
    '',
    'Du har angett den här e-postadressen i Ingång. Bekräfta att den är din genom att öppna länken:',
    '',
    link,
    '',
    'Länken gäller i 24 timmar och kan bara användas en gång.',
    '',
    'Om det inte var du som angav adressen kan du bortse från det här meddelandet.',
    '',
    'Vänliga hälsningar',
    'Ingång',
  ].join('\n');
}

export type ProfileService = ReturnType<typeof createProfileService>;
