/**
 * Care staff register an ombud on a patient's behalf (for someone who cannot
 * use BankID): the staff member works in their active unit, which must have a
 * care relationship with the grantor (platform/patient-access.ts); the reason
 * is mandatory; the grant is active at once and records who, where and why.
 */
import type { ProxyGrant, ProxyScope } from '@ingang/contracts';
import { recordAudit } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import { AppError, notFound } from '../../platform/errors.js';
import { patientAccessRefused, patientTransaction } from '../../platform/patient-access.js';
import { findPersonByPersonalNumber, upsertPersonFromRegistry } from '../../platform/persons.js';
import { lookupParty, requireValidGrant, toProxyGrant } from './grants.js';
import { insertUniqueGrant } from './service.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'access'>;

export interface StaffProxyInput {
  grantorPersonalNumber: string;
  ombudPersonalNumber: string;
  scopes: ProxyScope[];
  validUntil: string;
  reason: string;
}

export function createStaffProxyService(deps: Deps) {
  const { db, clock } = deps;

  return {
    /** Registers an active grant for the grantor; both identities and the reason are audited. */
    async register(actor: StaffActor, input: StaffProxyInput): Promise<ProxyGrant> {
      const now = clock.now();
      const request = { action: 'create', recordType: 'proxy_grant', purpose: 'care', at: now };
      // Registry reads happen before the transaction (PGlite: a transaction holds the only connection).
      const grantor = await lookupParty(
        deps,
        input.grantorPersonalNumber,
        'body.grantorPersonalNumber',
        now,
        'person_not_found',
      );
      const ombud = await lookupParty(
        deps,
        input.ombudPersonalNumber,
        'body.ombudPersonalNumber',
        now,
        'person_not_found',
      );
      const valid = requireValidGrant(grantor, ombud, input, now, { grantor: false, ombud: false });
      return patientTransaction(db, async (trx) => {
        // The grantor must already be a patient here: a person without a row has no care relationship.
        const grantorRow = await findPersonByPersonalNumber(trx, grantor.registry.personalNumber);
        if (!grantorRow)
          throw patientAccessRefused(actor, { personalNumber: grantor.registry.personalNumber }, request);
        const id = uuid();
        const access = await deps.access.require(trx, actor, grantorRow.id, { ...request, recordId: id });
        if (grantorRow.protectedIdentity) {
          throw new AppError(
            403,
            'protected_identity',
            'An ombud cannot be registered for a person with protected identity.',
            {
              'body.grantorPersonalNumber': 'protected_identity',
            },
          );
        }
        const ombudRow = await upsertPersonFromRegistry(trx, ombud.registry, now);
        if (ombudRow.protectedIdentity) {
          throw new AppError(400, 'ombud_unavailable', 'This person cannot be registered as ombud.', {
            'body.ombudPersonalNumber': 'ombud_unavailable',
          });
        }
        await insertUniqueGrant(trx, {
          id,
          grantorPersonId: grantorRow.id,
          ombudPersonId: ombudRow.id,
          scopes: valid.scopes,
          expiresAt: valid.expiresAt,
          now,
          staff: { staffId: actor.staffId, unitId: access.unitId, reason: input.reason },
        });
        // The grantor's entry was written by the access check; the ombud's carries the reason.
        await recordAudit(trx, {
          actor,
          subjectPersonId: ombudRow.id,
          action: 'create',
          recordType: 'proxy_grant',
          recordId: id,
          purpose: 'care',
          unitId: access.unitId,
          reason: input.reason,
          at: now,
        });
        const g = await store.findGrantView(trx, id);
        if (!g) throw notFound('grant');
        return toProxyGrant(g, null, now);
      });
    },
  };
}
