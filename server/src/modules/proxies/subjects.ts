/**
 * The acting-for switcher's page about a subject (`GET /api/subjects/:personId`):
 * oneself, a child one is guardian of, or someone one is ombud for. Goes
 * through the acting-for gate (any relation in force), so a refusal is a 403
 * with the reason code and is recorded; the read is audited with both identities.
 */
import type { SubjectPage } from '@ingang/contracts';
import { ageOn, parsePersonnummer } from '@ingang/domain';
import { createActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { unauthorized } from '../../platform/errors.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>;

const RELATION = { self: 'self', guardian: 'child', ombud: 'ombud' } as const;

export function createSubjectService(deps: Deps) {
  const actingFor = createActingFor(deps);

  return {
    /** The subject's page, if the actor may act for them in some way now. */
    async page(actor: CitizenActor, personId: string): Promise<SubjectPage> {
      return actingFor.withSubject(actor, personId, 'any', async (trx, subject) => {
        const now = deps.clock.now();
        const row = await store.subjectSummary(trx, subject.subjectPersonId);
        if (!row) throw unauthorized();
        const parsed = parsePersonnummer(row.personal_number, now);
        const birthDate = parsed.ok ? parsed.value.birthDate : '';
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'read',
          recordType: 'subject_page',
          recordId: subject.subjectPersonId,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: now,
        });
        return {
          personId: row.id,
          name: `${row.given_name} ${row.family_name}`,
          givenName: row.given_name,
          birthDate,
          age: birthDate ? ageOn(birthDate, now) : 0,
          relation: RELATION[subject.relation],
          scopes: subject.scopes,
          validUntil: subject.validUntil?.toISOString() ?? null,
          listedUnit: row.unit_id && row.unit_name ? { id: row.unit_id, name: row.unit_name } : null,
        };
      });
    },
  };
}
