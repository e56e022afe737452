/**
 * The real RP client: end to end against the simulator's RP v6 endpoints on a
 * listening app, and mutual TLS against a local HTTPS server with throwaway certificates.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { BANKID_TEXTS } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BankIdApiError } from '../src/modules/bankid/client.js';
import { createRpBankIdClient } from '../src/modules/bankid/rp-client.js';
import { simOrderStore } from '../src/modules/bankid/sim-store.js';
import { SESSION_COOKIE } from '../src/platform/auth.js';
import { seedDemo } from '../src/seed/demo.js';
import { demoPerson } from '../src/seed/demo-data.js';
import { bankIdDriver } from './bankid-helpers.js';
import { cookieFrom, startTestApp, type TestApp } from './harness.js';

const anna = demoPerson('anna').personalNumber;

/**
 * Records every statement the app sends to its database — transactions included — by
 * wrapping the connections its query executor hands out, until `stop()`.
 */
function recordStatements(app: TestApp) {
  type Connection = { executeQuery: (query: { sql: string }, ...rest: unknown[]) => unknown };
  const executor = app.ctx.db.getExecutor() as unknown as {
    provideConnection: (consumer: (c: Connection) => unknown) => unknown;
  };
  const original = executor.provideConnection;
  const seen: string[] = [];
  executor.provideConnection = (consumer) =>
    original.call(executor, (connection: Connection) =>
      consumer(
        new Proxy(connection, {
          get(target, prop) {
            const value = Reflect.get(target, prop) as unknown;
            if (prop === 'executeQuery') {
              return (query: { sql: string }, ...rest: unknown[]) => {
                seen.push(query.sql.trim().replace(/\s+/g, ' '));
                return target.executeQuery(query, ...rest);
              };
            }
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
      ),
    );
  const stop = () => {
    executor.provideConnection = original;
  };
  return { seen, stop };
}

describe('RpBankIdClient against the simulator over the v6 protocol', () => {
  let bankidSide: TestApp;
  let rp: TestApp;
  let rpUrl: string;
  beforeAll(async () => {
    bankidSide = await startTestApp();
    await seedDemo(bankidSide.ctx.db, bankidSide.ctx.clock);
    await bankidSide.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = bankidSide.app.server.address() as AddressInfo;
    rpUrl = `http://127.0.0.1:${port}/api/dev/bankid-rp/rp/v6.0`;
    rp = await startTestApp({ env: { BANKID_BACKEND: 'rp', BANKID_RP_URL: rpUrl } });
  }, 240_000);
  afterAll(async () => {
    await rp?.close();
    await bankidSide?.close();
  });

  const approveAtBankId = (orderRef: string, personalNumber: string) =>
    bankidSide.app.inject({ method: 'POST', url: '/api/dev/bankid/approve', payload: { orderRef, personalNumber } });

  test('a citizen logs in through the real client', async () => {
    const login = bankIdDriver(rp);
    const { orderRef } = await login.start(anna, '203.0.113.7');
    const simOrder = await simOrderStore(bankidSide.ctx.hub).find(orderRef);
    expect(simOrder).toMatchObject({ endUserIp: '203.0.113.7', requestedPnr: anna, status: 'pending' });
    expect((await login.collect(orderRef)).json()).toMatchObject({ status: 'pending', messageCode: 'RFA1' });
    expect((await approveAtBankId(orderRef, anna)).statusCode).toBe(200);

    const done = await login.collect(orderRef);
    expect(done.json()).toMatchObject({ status: 'complete' });
    const session = await rp.ctx.sessions.resolve(cookieFrom(done, SESSION_COOKIE));
    const person = await rp.ctx.db
      .selectFrom('persons')
      .select(['id', 'personal_number'])
      .where('id', '=', session?.personId ?? '')
      .executeTakeFirstOrThrow();
    expect(person.personal_number).toBe(anna);
    expect(login.seen.map((r) => r.body).join('')).not.toContain(simOrder?.qrStartSecret);
  });

  test('the QR refresh and the collect polls cost the relying party no database statement; the login one statement', async () => {
    const login = bankIdDriver(rp);
    const { orderRef } = await login.start(anna);
    const recorder = recordStatements(rp);
    // What the instance does by itself meanwhile (the waiting-room cache, the heartbeat) is not the login's.
    const loginStatements = () => recorder.seen.filter((q) => !/"(waiting_rooms|cluster_instances)"/.test(q));
    try {
      for (let i = 0; i < 3; i++) {
        expect((await login.post('/api/auth/bankid/qr', { orderRef })).statusCode).toBe(200);
        expect((await login.collect(orderRef)).json()).toMatchObject({ status: 'pending' });
      }
      expect(loginStatements()).toEqual([]);
      expect((await approveAtBankId(orderRef, anna)).statusCode).toBe(200);
      expect((await login.collect(orderRef)).json()).toMatchObject({ status: 'complete' });
      // The order closed, the person refreshed and the session created in one statement (its own
      // commit); before it only the population registry's read.
      const statements = loginStatements();
      expect(statements).toHaveLength(2);
      expect(statements[0]).toMatch(/^select \* from "registry_persons"/);
      expect(statements[1]).toMatch(
        /^with closed as \( update bankid_orders .* insert into persons .* insert into sessions/,
      );
    } finally {
      recorder.stop();
    }
    // Completed: a repeat is refused from the table, not from this instance's memory.
    const again = await login.collect(orderRef);
    expect(again.statusCode).toBe(404);
    expect((await login.post('/api/auth/bankid/qr', { orderRef })).statusCode).toBe(404);
  });

  test('refusal, cancel and alreadyInProgress travel through the protocol', async () => {
    const login = bankIdDriver(rp);
    const first = await login.start();
    await bankidSide.app.inject({
      method: 'POST',
      url: '/api/dev/bankid/refuse',
      payload: { orderRef: first.orderRef, hintCode: 'userCancel' },
    });
    expect((await login.collect(first.orderRef)).json()).toMatchObject({ status: 'failed', messageCode: 'RFA6' });

    const second = await login.start();
    expect((await login.post('/api/auth/bankid/cancel', { orderRef: second.orderRef })).json()).toEqual({
      status: 'cancelled',
    });
    expect((await login.collect(second.orderRef)).json()).toMatchObject({ status: 'failed', hintCode: 'cancelled' });

    const pnr = demoPerson('erik').personalNumber;
    await login.start(pnr);
    const busy = await login.post('/api/auth/bankid/auth', { personalNumber: pnr });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toBe(BANKID_TEXTS.RFA4.sv);
  });

  test('the simulated RP endpoints answer errors in BankID shape', async () => {
    const call = (p: string, payload: unknown, type = 'application/json') =>
      bankidSide.app.inject({
        method: 'POST',
        url: `/api/dev/bankid-rp/rp/v6.0/${p}`,
        headers: { 'content-type': type },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const notFound = await call('collect', { orderRef: 'nope' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({ errorCode: 'notFound', details: expect.any(String) });
    const invalid = await call('auth', { requirement: { personalNumber: '123' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errorCode).toBe('invalidParameters');
    expect((await call('auth', '<auth/>', 'application/xml')).json().errorCode).toBe('unsupportedMediaType');

    const client = createRpBankIdClient({ rpUrl, allowPlainLoopback: true });
    const error = await client.collect('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BankIdApiError);
    expect(error).toMatchObject({ errorCode: 'notFound', httpStatus: 404 });
    await client.close();
  });

  test('the simulator endpoints do not exist when the RP backend is configured', async () => {
    for (const url of ['/api/dev/bankid/approve', '/api/dev/bankid-rp/rp/v6.0/auth']) {
      const res = await rp.app.inject({ method: 'POST', url, payload: {} });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await rp.app.inject({ method: 'GET', url: '/api/dev/bankid/orders' })).statusCode).toBe(404);
  });
});

describe('RpBankIdClient transport', () => {
  let dir: string;
  const sh = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const genKey = (name: string) =>
    sh('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  function makeCert(name: string, signer?: string) {
    genKey(name);
    sh('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    const sign = signer
      ? ['-CA', `${signer}.pem`, '-CAkey', `${signer}.key`, '-CAcreateserial']
      : ['-signkey', `${name}.key`];
    sh('x509', '-req', '-in', `${name}.csr`, ...sign, '-days', '1', '-extfile', 'ext.cnf', '-out', `${name}.pem`);
  }
  const file = (name: string) => fs.readFileSync(path.join(dir, name));

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-bankid-tls-'));
    genKey('ca');
    sh('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Test BankID CA', '-days', '1', '-out', 'ca.pem');
    makeCert('server', 'ca');
    makeCert('rp', 'ca');
    makeCert('stranger');
    for (const who of ['rp', 'stranger']) {
      sh(
        'pkcs12',
        '-export',
        '-inkey',
        `${who}.key`,
        '-in',
        `${who}.pem`,
        '-out',
        `${who}.p12`,
        '-passout',
        'pass:s3cret',
      );
    }
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function listen(server: http.Server | https.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  test('mutual TLS: the RP certificate is presented, BankID CA pinned, v6 body sent', async () => {
    let received: { body: unknown; peer: string } | undefined;
    const server = https.createServer(
      {
        key: file('server.key'),
        cert: file('server.pem'),
        ca: file('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        let raw = '';
        req.on('data', (c) => {
          raw += c;
        });
        req.on('end', () => {
          const peer = (req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '';
          received = { body: JSON.parse(raw), peer: String(peer) };
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ orderRef: 'o1', autoStartToken: 'a1', qrStartToken: 'q1', qrStartSecret: 's1' }));
        });
      },
    );
    const port = await listen(server);
    const rpUrl = `https://127.0.0.1:${port}/rp/v6.0`;
    try {
      const client = createRpBankIdClient({ rpUrl, pfx: file('rp.p12'), passphrase: 's3cret', ca: file('ca.pem') });
      const order = await client.auth({ endUserIp: '203.0.113.9', personalNumber: anna });
      expect(order).toEqual({ orderRef: 'o1', autoStartToken: 'a1', qrStartToken: 'q1', qrStartSecret: 's1' });
      expect(received).toEqual({
        body: { endUserIp: '203.0.113.9', requirement: { personalNumber: anna } },
        peer: 'rp',
      });
      await client.close();

      // A certificate the server does not trust, or a server the CA did not sign, fails as unreachable.
      const stranger = createRpBankIdClient({
        rpUrl,
        pfx: file('stranger.p12'),
        passphrase: 's3cret',
        ca: file('ca.pem'),
      });
      await expect(stranger.auth({ endUserIp: '203.0.113.9' })).rejects.toMatchObject({ errorCode: 'unreachable' });
      await stranger.close();
      const unpinned = createRpBankIdClient({
        rpUrl,
        pfx: file('rp.p12'),
        passphrase: 's3cret',
        ca: file('stranger.pem'),
      });
      await expect(unpinned.auth({ endUserIp: '203.0.113.9' })).rejects.toMatchObject({ errorCode: 'unreachable' });
      await unpinned.close();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('timeouts and odd answers become BankIdApiError', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.endsWith('/collect')) return; // never answers
      res.statusCode = 503;
      res.end('<html>down</html>');
    });
    const port = await listen(server);
    const client = createRpBankIdClient({
      rpUrl: `http://127.0.0.1:${port}/rp/v6.0`,
      allowPlainLoopback: true,
      timeoutMs: 200,
    });
    try {
      await expect(client.collect('o1')).rejects.toMatchObject({ errorCode: 'requestTimeout' });
      await expect(client.auth({ endUserIp: '203.0.113.9' })).rejects.toMatchObject({
        errorCode: 'internalError',
        httpStatus: 503,
      });
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('refuses to run without a certificate, or over plain http to anything but loopback', () => {
    expect(() => createRpBankIdClient({ rpUrl: 'https://appapi2.test.bankid.com/rp/v6.0' })).toThrow(/certificate/);
    expect(() => createRpBankIdClient({ rpUrl: 'http://127.0.0.1:1/rp/v6.0' })).toThrow(/https/);
    expect(() =>
      createRpBankIdClient({ rpUrl: 'http://bankid.example/rp/v6.0', allowPlainLoopback: true, pfx: Buffer.from('') }),
    ).toThrow(/https/);
  });
});
