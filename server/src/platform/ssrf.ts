/**
 * Requests to addresses a citizen chose (web-push endpoints) must not reach the
 * server's own network: only https, only to hosts whose every DNS answer is a
 * public address — checked when the URL is accepted and again at connection
 * time (the socket's own lookup, so a rebinding answer cannot slip in between)
 * and on every redirect. Origins an operator lists in `allowedOrigins` (a push
 * service, or a local test receiver) are accepted as they are.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { badRequest } from './errors.js';

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 (metadata)
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(address, prefix, 'ipv6');
}

/** True for an address outside loopback, private, link-local, metadata and reserved ranges. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return isPublicAddress(mapped);
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

export interface OutboundPolicy {
  /** Origins (e.g. `https://fcm.googleapis.com`) accepted without the address check. */
  allowedOrigins: readonly string[];
}

class RefusedDestination extends Error {}

/** A `lookup` for sockets that fails when any answer is not a public address. */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad || list.length === 0) return callback(new RefusedDestination('not a public address'), '', 0);
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0] as dns.LookupAddress;
    callback(null, first.address, first.family);
  });
};

/** Why `url` may not be fetched, or null when it may (resolving its host). */
export async function outboundProblem(url: string, policy: OutboundPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a URL';
  }
  if (policy.allowedOrigins.includes(parsed.origin)) return null;
  if (parsed.protocol !== 'https:') return 'must be https';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return isPublicAddress(host) ? null : 'must be a public address';
  try {
    const answers = await dns.promises.lookup(host, { all: true });
    if (answers.length === 0 || answers.some((a) => !isPublicAddress(a.address))) return 'must be a public address';
  } catch {
    return 'the host does not resolve';
  }
  return null;
}

/** Throws 400 naming `field` when `url` may not be fetched. */
export async function requireOutboundUrl(url: string, field: string, policy: OutboundPolicy): Promise<void> {
  const problem = await outboundProblem(url, policy);
  if (problem) throw badRequest('invalid_input', `The address ${problem}.`, { [field]: problem });
}

export interface OutboundResponse {
  status: number;
}

/**
 * POSTs (or sends `method`) to `url` under the policy: every hop is checked, the
 * socket resolves through the guarded lookup, at most 3 redirects are followed.
 */
export async function guardedRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body: Uint8Array | null; timeoutMs: number },
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  let target = url;
  for (let hop = 0; hop < 4; hop++) {
    const problem = await outboundProblem(target, policy);
    if (problem) throw new RefusedDestination(`refused destination: ${problem}`);
    const parsed = new URL(target);
    const allowed = policy.allowedOrigins.includes(parsed.origin);
    const status = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const lib = parsed.protocol === 'https:' ? https : http;
      const request = lib.request(
        parsed,
        {
          method: init.method,
          headers: init.headers,
          timeout: init.timeoutMs,
          ...(allowed ? {} : { lookup: guardedLookup }),
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, location: response.headers.location });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', reject);
      request.end(init.body ?? undefined);
    });
    if (status.status >= 300 && status.status < 400 && status.location) {
      target = new URL(status.location, target).toString();
      continue;
    }
    return { status: status.status };
  }
  throw new RefusedDestination('too many redirects');
}
