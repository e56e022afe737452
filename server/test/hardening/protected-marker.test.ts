/**
 * Issue 12, item 8: one rule for the protected-identity marker. Wherever a
 * staff-facing answer names a person (an object with `personId` and `name`),
 * it also carries `protectedIdentity` — checked over every response schema of
 * the staff, video and admin routes in the OpenAPI document.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { WEB_DIST: '/nonexistent' } });
}, 180_000);
afterAll(async () => {
  await t.close();
});

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

test('every person in a staff-facing answer carries protectedIdentity', async () => {
  await t.app.ready();
  const doc = t.app.swagger() as {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> }>
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  const resolve = (s: Schema): Schema =>
    s.$ref ? resolve(doc.components?.schemas?.[s.$ref.split('/').pop() as string] ?? {}) : s;
  const missing = new Set<string>();
  const walk = (schema: Schema, where: string, depth = 0) => {
    const s = resolve(schema);
    if (!s || depth > 12) return;
    const props = s.properties ?? {};
    if ('personId' in props && 'name' in props && !('protectedIdentity' in props)) missing.add(where);
    for (const [k, v] of Object.entries(props)) walk(v, `${where}.${k}`, depth + 1);
    if (s.items) walk(s.items, `${where}[]`, depth + 1);
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(alt, where, depth + 1);
  };
  let checked = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!/^\/api\/(staff|video|admin)\//.test(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      const ok = op.responses?.['200'] ?? op.responses?.['201'];
      const schema = ok?.content?.['application/json']?.schema;
      if (!schema) continue;
      checked++;
      walk(schema, `${method.toUpperCase()} ${path}`);
    }
  }
  expect(checked).toBeGreaterThan(30);
  expect([...missing]).toEqual([]);
});
