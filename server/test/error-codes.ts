/**
 * Every error code the server can send, read from its source: the first
 * argument of badRequest/forbidden/conflict/AppError and the refusal classes,
 * refusal objects (`ok: false, code: '…'`) and code unions in the domain
 * rules, reason unions, and the error handler's own codes. Used by
 * error-texts.test.ts: the web must word each one in Swedish and English.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    // Demo data holds time-type codes, not error codes.
    if (path.includes('/seed/')) return [];
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const CODE = `'([a-z][a-z0-9_]*)'`;
const PATTERNS = [
  // badRequest('code', …), forbidden(…), conflict(…), new XRefused('code', …)
  new RegExp(`\\b(?:badRequest|forbidden|conflict|Refused)\\(\\s*${CODE}`, 'g'),
  // new AppError(409, 'code', …) over one or more lines
  new RegExp(`new AppError\\(\\s*[^,()]+,\\s*${CODE}`, 'g'),
  // { ok: false, code: 'code' } refusals in rules and services
  new RegExp(`ok: false,\\s*(?:status: [^,]+,\\s*)?code: ${CODE}`, 'g'),
  // the error handler's tables: [400, 'invalid_input', …] and `return 'code'`
  new RegExp(`\\[\\d{3}, ${CODE}`, 'g'),
  // refusal tables keyed by code ({ meeting_ended: { status: 409, … } }) and refusal('code') calls
  /^\s+([a-z][a-z0-9_]*): \{ status: \d{3}/gm,
  new RegExp(`\\brefusal\\(\\s*${CODE}`, 'g'),
  // the video rules' refusal reasons (sent as the code)
  new RegExp(`ok: false,\\s*reason: ${CODE}`, 'g'),
  // any other `code: 'x'` (error bodies built by hand, WebSocket errors); non-errors are listed below
  new RegExp(`\\bcode: ${CODE}`, 'g'),
];

/** `code: '…'` values that are not error codes (time-type codes, FHIR codes, column names). */
// 'any' (an acting-for scope) and 'home' (a FHIR address use) sit in code-shaped unions.
const NOT_ERRORS = new Set(['code', 'rest', 'covid19', 'influensa', 'read', 'any', 'home']);
/** Multi-line `code: | 'a' | 'b'` unions (refusal types) and the acting-for reasons (sent as codes). */
const UNION = /(?:\bcode\??:|\bActingForReason\s*=)\s*((?:\|\s*'[a-z0-9_]+'\s*)+)/g;

export function serverErrorCodes(): Set<string> {
  const found = new Set<string>([
    // platform/errors.ts helpers and the error handler's fixed codes
    'unauthenticated',
    'not_found',
    'rate_limited',
    'invalid_input',
    'body_too_large',
    'unsupported_media_type',
    'request_error',
    'internal_error',
    'busy',
    'overloaded',
  ]);
  const sources = [...files(join(ROOT, 'server/src')), ...files(join(ROOT, 'packages/domain/src'))];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) found.add(m[1] as string);
    for (const m of text.matchAll(UNION)) {
      for (const c of (m[1] as string).matchAll(/'([a-z0-9_]+)'/g)) found.add(c[1] as string);
    }
  }
  for (const code of NOT_ERRORS) found.delete(code);
  return found;
}
