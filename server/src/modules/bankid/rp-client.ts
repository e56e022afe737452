/**
 * The real BankID client: HTTPS POST of JSON to the RP API v6 with mutual TLS
 * (the relying party's PKCS#12 certificate, BankID's CA pinned). Error answers
 * `{ errorCode, details }` become BankIdApiError; so do timeouts and
 * connection failures, so the login service has one error type to map.
 */
import fs from 'node:fs';
import { Agent, fetch } from 'undici';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { BankIdApiError, type BankIdClient, type RpAuthResponse, type RpCollectResponse } from './client.js';

export interface RpClientOptions {
  /** RP API base, e.g. https://appapi2.test.bankid.com/rp/v6.0 (no trailing slash). */
  rpUrl: string;
  /** PKCS#12 relying-party certificate and key. */
  pfx?: Buffer;
  passphrase?: string;
  /** PEM of the CA that signs BankID's server certificate. */
  ca?: Buffer;
  /** Per-request deadline (default 10 s). */
  timeoutMs?: number;
  /**
   * Allow plain http to a loopback address without a certificate: only for
   * tests that point the client at the simulator's RP endpoints.
   */
  allowPlainLoopback?: boolean;
}

const AuthAnswer = z.object({
  orderRef: z.string().min(1),
  autoStartToken: z.string().min(1),
  qrStartToken: z.string().min(1),
  qrStartSecret: z.string().min(1),
});

const CollectAnswer = z.object({
  orderRef: z.string(),
  status: z.enum(['pending', 'failed', 'complete']),
  hintCode: z.string().optional(),
  completionData: z
    .object({
      user: z.object({ personalNumber: z.string(), name: z.string(), givenName: z.string(), surname: z.string() }),
      device: z.object({ ipAddress: z.string(), uhi: z.string().optional() }),
      bankIdIssueDate: z.string(),
      signature: z.string(),
      ocspResponse: z.string(),
    })
    .optional(),
});

const ErrorAnswer = z.object({ errorCode: z.string(), details: z.string().optional() });

function isPlainLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export interface RpBankIdClient extends BankIdClient {
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/** Builds the real client. Throws unless it has a certificate, or is explicitly allowed plain loopback http. */
export function createRpBankIdClient(options: RpClientOptions): RpBankIdClient {
  const base = new URL(options.rpUrl);
  const plain = !options.pfx && options.allowPlainLoopback === true && isPlainLoopback(base);
  if (!plain) {
    if (base.protocol !== 'https:') throw new Error('The BankID RP URL must be https.');
    if (!options.pfx) throw new Error('The BankID RP client needs the relying-party certificate (BANKID_PFX_PATH).');
  }
  const agent = plain
    ? new Agent()
    : new Agent({ connect: { pfx: options.pfx, passphrase: options.passphrase, ca: options.ca } });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const root = options.rpUrl.replace(/\/$/, '');

  async function post(path: string, body: unknown): Promise<unknown> {
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(`${root}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new BankIdApiError('requestTimeout', `no answer within ${timeoutMs} ms`, 0);
      }
      throw new BankIdApiError('unreachable', (error as Error).message, 0);
    }
    let json: unknown;
    try {
      const text = await response.text();
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = ErrorAnswer.safeParse(json);
      if (parsed.success) throw new BankIdApiError(parsed.data.errorCode, parsed.data.details ?? '', response.status);
      throw new BankIdApiError(
        response.status >= 500 ? 'internalError' : 'invalidParameters',
        `HTTP ${response.status}`,
        response.status,
      );
    }
    return json;
  }

  return {
    async auth(request) {
      const body = {
        endUserIp: request.endUserIp,
        ...(request.personalNumber ? { requirement: { personalNumber: request.personalNumber } } : {}),
      };
      const parsed = AuthAnswer.safeParse(await post('/auth', body));
      if (!parsed.success) throw new BankIdApiError('internalError', 'unexpected /auth answer', 502);
      return parsed.data satisfies RpAuthResponse;
    },
    async collect(orderRef) {
      const parsed = CollectAnswer.safeParse(await post('/collect', { orderRef }));
      if (!parsed.success) throw new BankIdApiError('internalError', 'unexpected /collect answer', 502);
      return parsed.data satisfies RpCollectResponse;
    },
    async cancel(orderRef) {
      await post('/cancel', { orderRef });
    },
    async close() {
      await agent.close();
    },
  };
}

/** The real client from the configuration: reads the certificate files (missing files fail the start). */
export function rpClientFromConfig(config: Config): RpBankIdClient {
  const { bankid } = config;
  return createRpBankIdClient({
    rpUrl: bankid.rpUrl,
    pfx: bankid.pfxPath ? fs.readFileSync(bankid.pfxPath) : undefined,
    passphrase: bankid.pfxPassphrase,
    ca: bankid.caPath ? fs.readFileSync(bankid.caPath) : undefined,
    allowPlainLoopback: config.mode !== 'production',
  });
}
