/**
 * The zod every contract is written with: zod itself, except that `z.string()`
 * refuses text no person types and no database stores — NUL characters and
 * unpaired UTF-16 surrogates — with a 400 naming the field, in one place, so no
 * contract can forget it. Contracts import `* as z from './zod.js'`, never 'zod'.
 */
import { z as zod } from 'zod';

export * from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` has no NUL and no unpaired surrogate. */
export function isCleanText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** zod's string, refusing NUL and unpaired surrogates. */
export function string(params?: Parameters<typeof zod.string>[0]) {
  return zod.string(params).refine(isCleanText, { message: 'must not contain NUL or unpaired surrogate characters' });
}
