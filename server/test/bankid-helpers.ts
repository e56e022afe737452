/** Drives the BankID login over HTTP for the bankid*.test.ts files. */
import { expect } from 'vitest';
import type { TestApp } from './harness.js';

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;

let ipSeq = 0;
/** A fresh documentation-range IP per call, so per-IP rate limits do not couple tests. */
export const nextIp = () => `198.51.100.${(ipSeq++ % 250) + 1}`;

export function bankIdDriver(t: TestApp) {
  /** Every response of the flow, to check that no secret ever leaves the server. */
  const seen: Injected[] = [];
  async function post(url: string, body: unknown, opts: { ip?: string; cookies?: Record<string, string> } = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: body as object,
      remoteAddress: opts.ip ?? nextIp(),
      ...(opts.cookies ? { cookies: opts.cookies } : {}),
    });
    seen.push(res);
    return res;
  }
  async function start(personalNumber?: string, ip?: string) {
    const res = await post('/api/auth/bankid/auth', personalNumber ? { personalNumber } : {}, { ip });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { orderRef: string; autoStartToken: string };
  }
  async function approve(orderRef: string, personalNumber: string) {
    const res = await post('/api/dev/bankid/approve', { orderRef, personalNumber });
    expect(res.statusCode, res.body).toBe(200);
  }
  const collect = (orderRef: string, extra: Record<string, unknown> = {}, cookies?: Record<string, string>) =>
    post('/api/auth/bankid/collect', { orderRef, ...extra }, { cookies });
  /** auth → approve → collect; returns the complete collect response. */
  async function login(personalNumber: string, cookies?: Record<string, string>) {
    const { orderRef } = await start(personalNumber);
    await approve(orderRef, personalNumber);
    const res = await collect(orderRef, {}, cookies);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('complete');
    return { res, orderRef };
  }
  return { seen, post, start, approve, collect, login };
}

/** Rows of a table, for "nothing written" checks. */
export async function countRows(t: TestApp, table: 'sessions' | 'persons' | 'bankid_orders'): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
