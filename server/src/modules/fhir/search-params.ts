/**
 * FHIR search parameters: each resource type names the parameters it takes;
 * anything else, or a malformed value, is a 400 naming the parameter (never
 * silently ignored — that would widen the result).
 */
import { AppError } from '../../platform/errors.js';
import { FHIR_ID } from './resources/systems.js';

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export type ParamKind = 'id' | 'reference' | 'date' | 'token';

export interface ParsedSearch {
  ids?: string[];
  patient?: string;
  schedule?: string;
  status?: string[];
  /** Inclusive lower and exclusive upper bounds from `date`/`start` prefixes. */
  from?: Date;
  to?: Date;
  count: number;
  offset: number;
}

/** 400 with an OperationOutcome naming the parameter. */
export function badParam(name: string, message: string): AppError {
  return new AppError(400, 'invalid_search_parameter', `${name}: ${message}`, { [name]: message });
}

const DATE = /^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)$/;

/** Applies one `date=` value (a day or an instant, with a FHIR prefix) to the bounds. */
function applyDate(out: ParsedSearch, name: string, raw: string) {
  const m = DATE.exec(raw);
  if (!m?.[2]) throw badParam(name, 'expected [eq|ge|gt|le|lt]YYYY-MM-DD or an instant with a time zone');
  const prefix = m[1] ?? 'eq';
  const isDay = m[3] === undefined;
  const start = new Date(isDay ? `${m[2]}T00:00:00Z` : m[2]);
  if (Number.isNaN(start.getTime())) throw badParam(name, 'not a valid date');
  const end = isDay ? new Date(start.getTime() + 86_400_000) : new Date(start.getTime() + 1);
  const raise = (d: Date) => {
    if (!out.from || d > out.from) out.from = d;
  };
  const lower = (d: Date) => {
    if (!out.to || d < out.to) out.to = d;
  };
  if (prefix === 'eq') {
    raise(start);
    lower(end);
  } else if (prefix === 'ge') raise(start);
  else if (prefix === 'gt') raise(end);
  else if (prefix === 'lt') lower(start);
  else lower(end);
}

/**
 * Parses the query of a search on a type that accepts `allowed` (besides
 * `_count`, `_offset` and `_format=json`). `patient` and `schedule` take
 * `Type/id` or a bare id.
 */
export function parseSearch(
  query: Record<string, string | string[] | undefined>,
  allowed: Partial<Record<string, ParamKind>>,
  statuses: readonly string[] = [],
): ParsedSearch {
  const out: ParsedSearch = { count: DEFAULT_COUNT, offset: 0 };
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (name === '_count' || name === '_offset') {
      const n = Number(values[values.length - 1]);
      if (!Number.isInteger(n) || n < 0) throw badParam(name, 'expected a whole number ≥ 0');
      // A huge _count is capped, not refused (FHIR lets the server choose a smaller page).
      if (name === '_count') out.count = Math.min(n, MAX_COUNT);
      else out.offset = n;
      continue;
    }
    if (name === '_format') {
      if (values.some((v) => !/^(json|application\/(fhir\+)?json)$/.test(v))) throw badParam(name, 'only json');
      continue;
    }
    const kind = allowed[name];
    if (!kind) throw badParam(name, 'unknown search parameter for this resource type');
    for (const v of values) {
      if (kind === 'id') {
        const ids = v.split(',');
        if (ids.some((id) => !FHIR_ID.test(id))) throw badParam(name, 'not a valid id');
        out.ids = out.ids ? out.ids.filter((id) => ids.includes(id)) : ids;
      } else if (kind === 'reference') {
        const id = v.includes('/') ? v.split('/').pop() : v;
        if (!id || !FHIR_ID.test(id)) throw badParam(name, 'expected Type/id or an id');
        if (name === 'patient' || name === 'subject') out.patient = id;
        else out.schedule = id;
      } else if (kind === 'date') {
        applyDate(out, name, v);
      } else {
        const codes = v.split(',');
        if (codes.some((c) => !statuses.includes(c))) throw badParam(name, `expected one of ${statuses.join(', ')}`);
        out.status = out.status ? out.status.filter((c) => codes.includes(c)) : codes;
      }
    }
  }
  return out;
}
