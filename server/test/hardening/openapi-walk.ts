/**
 * Walks the OpenAPI document: every documented route with generated input of a
 * chosen flavour (NUL, lone surrogate, impossible date, well-formed but unknown
 * ids). Shared by the malformed-input test and the BOLA test.
 */
import { randomUUID } from 'node:crypto';

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
};

export type Flavour = 'nul' | 'surrogate' | 'bad-date' | 'unknown-ids';
export const FLAVOURS: Flavour[] = ['nul', 'surrogate', 'bad-date', 'unknown-ids'];

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/units/{unitId}. */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema }[];
  body?: Schema;
  bodyTypes: string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Every operation of the document. */
export function operations(doc: unknown): { ops: Operation[]; resolve: (s: Schema) => Schema } {
  const d = doc as OpenApiDoc;
  const resolve = (s: Schema): Schema => {
    if (s?.$ref) return resolve(d.components?.schemas?.[s.$ref.split('/').pop() as string] ?? {});
    return s ?? {};
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as { name: string; in: string; schema: Schema }[];
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema,
        bodyTypes: Object.keys(content),
      });
    }
  }
  return { ops, resolve };
}

const DATE_RE = /\\d\{4\}-\\d\{2\}-\\d\{2\}/;

function isDate(s: Schema) {
  return s.format === 'date' || s.format === 'date-time' || (s.pattern !== undefined && DATE_RE.test(s.pattern));
}

/** A string value of the flavour for a string schema. */
export function stringFor(s: Schema, flavour: Flavour, ids: () => string): string {
  if (flavour === 'nul') return 'a\u0000b';
  if (flavour === 'surrogate') return 'a\uD800b';
  if (flavour === 'bad-date' && isDate(s)) return s.format === 'date-time' ? '2026-02-30T10:00:00Z' : '2026-02-30';
  if (s.enum) return String(s.enum[0]);
  if (s.format === 'uuid') return ids();
  if (s.format === 'date') return '2026-12-01';
  if (s.format === 'date-time') return '2026-12-01T10:00:00.000Z';
  if (s.format === 'email') return 'someone@example.se';
  if (s.format === 'uri') return 'https://push.example.se/x';
  if (s.pattern && DATE_RE.test(s.pattern)) return '2026-12-01';
  if (s.pattern === '^\\d{12}$') return '194001016543';
  return 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

/** A JSON value for `schema` whose strings are of the flavour. */
export function valueFor(
  schema: Schema,
  flavour: Flavour,
  resolve: (s: Schema) => Schema,
  ids: () => string,
  depth = 0,
): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  if (s.const !== undefined) return s.const;
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) {
    const nonNull = alt.find((a) => resolve(a).type !== 'null') ?? alt[0];
    return valueFor(nonNull as Schema, flavour, resolve, ids, depth + 1);
  }
  if (s.allOf?.length) return valueFor(s.allOf[0] as Schema, flavour, resolve, ids, depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.enum && type !== 'string') return s.enum[0];
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = valueFor(v, flavour, resolve, ids, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () =>
        valueFor(s.items ?? {}, flavour, resolve, ids, depth + 1),
      );
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return stringFor(s, flavour, ids);
    default:
      return stringFor(s, flavour, ids);
  }
}

/** encodeURIComponent that also carries a lone surrogate (as the invalid UTF-8 a careless client sends). */
export function encode(value: string): string {
  return Array.from(value, (ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

/** The path with its parameters filled by `value(name, schema)`, URL-encoded. */
export function fillPath(op: Operation, value: (name: string, schema: Schema) => string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = op.pathParams.find((x) => x.name === name);
    return encode(value(name, p?.schema ?? {}));
  });
}

/** One request of the flavour for `op` (path, query and body alike). */
export function requestFor(
  op: Operation,
  flavour: Flavour,
  resolve: (s: Schema) => Schema,
  ids: () => string = randomUUID,
): { url: string; payload?: unknown } {
  const url = fillPath(op, (_n, s) => stringFor(resolve(s), flavour, ids));
  const qs = op.queryParams
    .map((q) => {
      const v = valueFor(q.schema, flavour, resolve, ids);
      return `${encode(q.name)}=${encode(Array.isArray(v) ? String(v[0]) : String(v))}`;
    })
    .join('&');
  return {
    url: qs ? `${url}?${qs}` : url,
    ...(op.body ? { payload: valueFor(op.body, flavour, resolve, ids) } : {}),
  };
}
