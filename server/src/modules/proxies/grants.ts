/**
 * Shared pieces of the ombud services: the contract view of a grant, the
 * people a grant names (looked up in the registry before any transaction),
 * and the domain's grant errors as HTTP errors.
 */
import type { ProxyGrant } from '@ingang/contracts';
import {
  checkNewGrant,
  grantDisplayStatus,
  grantLastDay,
  type NewGrantError,
  type ProxyScope,
  parsePersonnummer,
} from '@ingang/domain';
import type { AppContext } from '../../platform/context.js';
import { AppError, badRequest } from '../../platform/errors.js';
import type { RegistryPerson } from '../../platform/registry.js';
import type { GrantView } from './store.js';

/** The contract view of a grant, with what `viewerId` may do with it at `now`. */
export function toProxyGrant(g: GrantView, viewerId: string | null, now: Date): ProxyGrant {
  const status = grantDisplayStatus(g, now);
  const isOmbud = viewerId === g.ombudPersonId;
  const isParty = isOmbud || viewerId === g.grantorPersonId;
  return {
    id: g.id,
    grantor: g.grantor,
    ombud: g.ombud,
    scopes: g.scopes as ProxyGrant['scopes'],
    validUntil: grantLastDay(g.expiresAt),
    expiresAt: g.expiresAt.toISOString(),
    status,
    createdAt: g.createdAt.toISOString(),
    acceptedAt: g.acceptedAt?.toISOString() ?? null,
    endedAt: g.endedAt?.toISOString() ?? null,
    endedBy: g.endedBy,
    registeredByStaff: g.registeredByStaff,
    abilities: { accept: isOmbud && status === 'pending', end: isParty && g.status !== 'ended' },
  };
}

/** A person a grant names: the registry's record and the birth date from the personnummer. */
export interface Party {
  registry: RegistryPerson;
  birthDate: string;
}

/**
 * Parses and looks up a personnummer typed for `field` (e.g. 'body.ombudPersonalNumber').
 * Unknown and deceased people get `unknownCode`, so the answer reveals nothing more.
 */
export async function lookupParty(
  deps: Pick<AppContext, 'registry'>,
  input: string,
  field: string,
  now: Date,
  unknownCode: string,
): Promise<Party> {
  const parsed = parsePersonnummer(input, now);
  if (!parsed.ok) throw badRequest('invalid_input', `Invalid input: ${field}`, { [field]: parsed.message });
  const registry = await deps.registry.lookup(parsed.value.normalized);
  if (!registry || registry.deceased) {
    throw badRequest(unknownCode, 'Personen kan inte bli ombud via e-tjänsten.', { [field]: 'cannot be used' });
  }
  return { registry, birthDate: parsed.value.birthDate };
}

const GRANT_ERRORS: Record<NewGrantError, { status: number; message: string }> = {
  self_grant: { status: 400, message: 'Du kan inte ge dig själv en fullmakt.' },
  grantor_not_adult: { status: 403, message: 'Du behöver ha fyllt 18 år för att ge någon en fullmakt.' },
  ombud_not_adult: { status: 400, message: 'Ombudet behöver ha fyllt 18 år.' },
  protected_identity: { status: 403, message: 'Fullmakter kan inte ges i e-tjänsten när man har skyddad identitet.' },
  ombud_unavailable: { status: 400, message: 'Personen kan inte bli ombud via e-tjänsten.' },
  scopes_required: { status: 400, message: 'Välj minst en sak som ombudet får göra.' },
  unknown_scope: { status: 400, message: 'Välj bland bokning, meddelanden, videomöten och kallelser.' },
  invalid_date: { status: 400, message: 'Ange ett giltigt datum.' },
  valid_until_in_past: { status: 400, message: 'Slutdatumet kan inte ha passerat.' },
  valid_until_too_late: { status: 400, message: 'En fullmakt kan gälla i högst fem år.' },
};

const FIELD: Record<string, string> = {
  ombud: 'body.ombudPersonalNumber',
  scopes: 'body.scopes',
  validUntil: 'body.validUntil',
};

/** Runs the domain check for a new grant; a failure becomes a 400/403 with the error code and field. */
export function requireValidGrant(
  grantor: Party,
  ombud: Party,
  input: { scopes: string[]; validUntil: string },
  now: Date,
  alsoProtected: { grantor: boolean; ombud: boolean },
  grantorField = 'body.grantorPersonalNumber',
): { scopes: ProxyScope[]; expiresAt: Date } {
  const decision = checkNewGrant({
    grantor: {
      personalNumber: grantor.registry.personalNumber,
      birthDate: grantor.birthDate,
      protectedIdentity: grantor.registry.protectedIdentity || alsoProtected.grantor,
    },
    ombud: {
      personalNumber: ombud.registry.personalNumber,
      birthDate: ombud.birthDate,
      protectedIdentity: ombud.registry.protectedIdentity || alsoProtected.ombud,
    },
    scopes: input.scopes,
    validUntil: input.validUntil,
    at: now,
  });
  if (decision.ok) return decision;
  const { status, message } = GRANT_ERRORS[decision.error];
  const field = decision.field === 'grantor' ? grantorField : (FIELD[decision.field] ?? decision.field);
  throw new AppError(status, decision.error, message, { [field]: decision.error });
}
