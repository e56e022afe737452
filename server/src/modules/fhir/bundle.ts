/** Search results as a FHIR searchset Bundle with paging links, and errors as OperationOutcome. */
import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4';
import { instant } from './resources/systems.js';
import type { ParsedSearch } from './search-params.js';

/**
 * A searchset page. `rows` holds up to count + 1 resources: the extra one only
 * says that a next page exists. Links repeat the query with `_offset`.
 */
export function searchset(
  base: string,
  type: string,
  query: Record<string, string | string[] | undefined>,
  search: ParsedSearch,
  rows: FhirResource[],
  at: Date,
): Bundle {
  const page = rows.slice(0, search.count);
  const link = (offset: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === '_offset' || k === '_count' || v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
    }
    q.set('_count', String(search.count));
    q.set('_offset', String(offset));
    return `${base}/${type}?${q.toString()}`;
  };
  const links: NonNullable<Bundle['link']> = [{ relation: 'self', url: link(search.offset) }];
  if (rows.length > search.count) links.push({ relation: 'next', url: link(search.offset + search.count) });
  if (search.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, search.offset - search.count)) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: instant(at) },
    link: links,
    entry: page.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

const ISSUE_CODE: Record<number, OperationOutcome['issue'][number]['code']> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'expired',
  429: 'throttled',
};

/** An error as an OperationOutcome; `expression` names the offending parameter. */
export function operationOutcome(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 500 ? 'fatal' : 'error',
        code: ISSUE_CODE[status] ?? (status >= 500 ? 'exception' : 'processing'),
        details: { coding: [{ system: 'urn:ingang:error', code }], text: message },
        diagnostics: message,
        ...(fields ? { expression: Object.keys(fields) } : {}),
      },
    ],
  };
}
