/**
 * Writes one feed file to storage while its lines are produced: the plain bytes
 * and a gzip stream of them go out in chunks of about `chunkBytes`, and the
 * etag (sha-256) and sizes are computed on the way. Neither the file nor its
 * gzip is ever whole in memory, whatever its size.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Queryable } from '../../../platform/db/index.js';
import * as store from './store.js';

/** Files smaller than this are served plain only (gzip would save too little). */
export const GZIP_MIN_BYTES = 2048;

/** The strong validator of a file's bytes from its sha-256 (as `etagOf` in generate.ts). */
const etagFrom = (hash: ReturnType<typeof createHash>) => `"${hash.digest('base64url').slice(0, 22)}"`;

/** The etag the lines would have, without storing anything (is a file unchanged?). */
export async function etagOfLines(lines: AsyncIterable<string> | Iterable<string>): Promise<string> {
  const hash = createHash('sha256');
  for await (const line of lines) hash.update(`${line}\n`);
  return etagFrom(hash);
}

export interface Written {
  etag: string;
  resources: number;
  bytes: number;
  /** Null when the file is too small to be worth gzipping (no gzip chunks were kept). */
  gzipBytes: number | null;
}

export async function writeChunked(
  q: Queryable,
  target: { name: string; version: string },
  lines: AsyncIterable<string> | Iterable<string>,
  chunkBytes: number,
): Promise<Written> {
  const hash = createHash('sha256');
  const gz = createGzip();
  let gzParts: Buffer[] = [];
  let gzPending = 0;
  let gzTotal = 0;
  let gzSeq = 0;
  gz.on('data', (b: Buffer) => {
    gzParts.push(b);
    gzPending += b.length;
  });
  const gzEnded = once(gz, 'end');
  // Gzip output is stored once the plain bytes reach the gzip threshold (small files have none).
  let plainTotal = 0;
  const flushGzip = async (all: boolean) => {
    while (gzPending > 0 && (all || gzPending >= chunkBytes)) {
      const joined = Buffer.concat(gzParts);
      const content = all ? joined : joined.subarray(0, chunkBytes);
      gzParts = content.length < joined.length ? [joined.subarray(content.length)] : [];
      gzPending -= content.length;
      gzTotal += content.length;
      await store.putChunk(q, { name: target.name, version: target.version, kind: 'gzip', seq: gzSeq++, content });
    }
  };
  let seq = 0;
  const writePlain = async (content: Buffer) => {
    hash.update(content);
    plainTotal += content.length;
    await store.putChunk(q, { name: target.name, version: target.version, kind: 'plain', seq: seq++, content });
    // One chunk in zlib at a time: the write's callback comes once it has been compressed.
    await new Promise<void>((resolve, reject) => gz.write(content, (e) => (e ? reject(e) : resolve())));
    if (plainTotal >= GZIP_MIN_BYTES) await flushGzip(false);
  };

  let parts: string[] = [];
  let pending = 0;
  let resources = 0;
  for await (const line of lines) {
    parts.push(line, '\n');
    // Characters, not bytes: a chunk is at most a few times chunkBytes for non-ASCII text.
    pending += line.length + 1;
    resources++;
    if (pending >= chunkBytes) {
      const content = Buffer.from(parts.join(''));
      parts = [];
      pending = 0;
      await writePlain(content);
    }
  }
  if (pending > 0) await writePlain(Buffer.from(parts.join('')));
  gz.end();
  await gzEnded;
  const gzipped = plainTotal >= GZIP_MIN_BYTES;
  if (gzipped) await flushGzip(true);
  return { etag: etagFrom(hash), resources, bytes: plainTotal, gzipBytes: gzipped ? gzTotal : null };
}
