/** The CapabilityStatement at /api/fhir/metadata: what this read-only server answers. */
import type { CapabilityStatement } from 'fhir/r4';
import { instant } from './systems.js';

type SearchParams = Record<string, Record<string, 'id' | 'reference' | 'date' | 'token'>>;

const PARAM_TYPE = { id: 'token', reference: 'reference', date: 'date', token: 'token' } as const;

export function capabilityStatement(
  publicUrl: string,
  params: SearchParams,
  publicTypes: readonly string[],
  at: Date,
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: instant(at),
    publisher: 'Ingång',
    kind: 'instance',
    implementation: { description: 'Ingång FHIR R4 read API', url: `${publicUrl}/api/fhir` },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          "Location, Organization, HealthcareService, Schedule and Slot are public. The other types need a logged-in session (the same cookie as the app): citizens read their own records and those of the people they act for; staff read the records of patients their active unit has a care relationship with, one patient per search. Every read of a person's record is audit-logged. The public slot feed (SMART Scheduling Links) is at $bulk-publish.",
        security: { cors: false, description: 'Session cookie from BankID (citizens) or OIDC (staff) login.' },
        resource: Object.entries(params).map(([type, ps]) => ({
          type,
          documentation: publicTypes.includes(type) ? 'Public.' : 'Requires login; audit-logged.',
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: [
            ...Object.entries(ps).map(([name, kind]) => ({ name, type: PARAM_TYPE[kind] })),
            {
              name: '_count',
              type: 'number' as const,
              documentation: 'Page size, at most 200 (larger values are capped).',
            },
          ],
        })),
        operation: [
          {
            name: 'bulk-publish',
            definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/bulk-publish',
            documentation: 'SMART Scheduling Links manifest of the public slot feed.',
          },
        ],
      },
    ],
  };
}
