/**
 * Issue 12, item 3: every route of the OpenAPI document, as anonymous, citizen,
 * staff and region administrator, with NUL bytes, lone surrogates, impossible
 * dates and well-formed unknown ids in path, query and body, and with a body of
 * a type it does not take: never a 5xx, every error in the one shape.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { citizenSession, staffSession } from '../helpers/sessions.js';
import { type MessagingWorld, S, startWorld, U } from '../messaging/fixtures.js';
import { FLAVOURS, operations, requestFor } from './openapi-walk.js';

let w: MessagingWorld;
beforeAll(async () => {
  w = await startWorld();
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

type Actor = 'anonymous' | 'citizen' | 'staff' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'citizen', 'staff', 'admin'];

/** A fresh session per route, so a route that logs out cannot spoil the next. */
async function headersFor(actor: Actor): Promise<Record<string, string>> {
  if (actor === 'anonymous') return {};
  if (actor === 'citizen') return (await citizenSession(w.t, w.ids.margit as string)).headers;
  const staffId = actor === 'staff' ? S.nurseSolberga : S.regionAdmin;
  return (await staffSession(w.t, staffId, { activeUnitId: U.vcSolberga })).headers;
}

test('no route answers 5xx to malformed input, and every error has the documented shape', async () => {
  await w.t.app.ready();
  const { ops, resolve } = operations(w.t.app.swagger());
  expect(ops.length).toBeGreaterThan(100);
  const failures: string[] = [];
  const check = (label: string, r: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    // A 503 is "a dependency is down, come back" (the staff IdP is not listening under inject), never a fault.
    const unavailable = r.statusCode === 503 && r.headers['retry-after'] !== undefined;
    if (r.statusCode >= 500 && !unavailable) failures.push(`${label} → ${r.statusCode} ${r.body.slice(0, 200)}`);
    // The development BankID simulator speaks BankID's wire protocol, errors included ({ errorCode, details }).
    const foreignProtocol = label.includes('/api/dev/bankid-rp/');
    if (r.statusCode >= 400 && !foreignProtocol && String(r.headers['content-type']).startsWith('application/json')) {
      const body = JSON.parse(r.body);
      if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string') {
        failures.push(`${label} → ${r.statusCode} not in the error shape: ${r.body.slice(0, 200)}`);
      }
    }
  };
  for (const op of ops) {
    for (const actor of ACTORS) {
      const headers = await headersFor(actor);
      for (const flavour of FLAVOURS) {
        const { url, payload } = requestFor(op, flavour, resolve);
        const r = await w.t.app.inject({
          method: op.method as 'GET',
          url,
          headers,
          ...(payload !== undefined ? { payload: payload as object } : {}),
        });
        check(`${actor} ${op.method} ${op.path} [${flavour}] ${url}`, r);
      }
      if (op.method !== 'GET' && op.method !== 'DELETE') {
        const { url } = requestFor(op, 'unknown-ids', resolve);
        const r = await w.t.app.inject({
          method: op.method as 'POST',
          url,
          headers: { ...headers, 'content-type': 'text/plain' },
          payload: 'x'.repeat(64 * 1024),
        });
        check(`${actor} ${op.method} ${op.path} [text/plain]`, r);
        if (!op.bodyTypes.includes('text/plain') && r.statusCode !== 415 && r.statusCode !== 401) {
          failures.push(`${actor} ${op.method} ${op.path} [text/plain] → ${r.statusCode}, expected 415`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
}, 240_000);
