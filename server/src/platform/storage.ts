/**
 * Where uploaded files live (chat attachments): a tiny key → bytes store.
 *
 * Keys are opaque and chosen by the caller (random, never derived from names
 * or ids); the store never serves anything itself — content reaches a browser
 * only through an authorised route that reads it here. Three implementations
 * behind one interface, chosen by the config:
 *
 * - files (default): `dataDir/attachments/<2 chars>/<key>`, written to a
 *   temporary name and renamed, so a half-written file is never read;
 * - memory: for tests and the in-memory database;
 * - s3: any S3-compatible store (MinIO, Ceph RGW, AWS) with path-style
 *   requests signed by aws4fetch — the scale-out option where several server
 *   instances must see the same files.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import type { Config } from '../config.js';

export interface FileStorage {
  readonly kind: 'files' | 'memory' | 's3';
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** A new random key (32 bytes, base64url). */
export function newStorageKey(): string {
  return randomBytes(32).toString('base64url');
}

function checkKey(key: string): void {
  // Keys come from our own database, but a path separator must never reach the file system.
  if (!KEY.test(key)) throw new Error('invalid storage key');
}

export function createMemoryStorage(): FileStorage {
  const files = new Map<string, Buffer>();
  return {
    kind: 'memory',
    async put(key, data) {
      checkKey(key);
      files.set(key, Buffer.from(data));
    },
    async get(key) {
      checkKey(key);
      return files.get(key) ?? null;
    },
    async delete(key) {
      checkKey(key);
      files.delete(key);
    },
  };
}

export function createFileStorage(root: string): FileStorage {
  const where = (key: string) => {
    checkKey(key);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    kind: 'files',
    async put(key, data) {
      const file = where(key);
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(temp, data, { mode: 0o600 });
      await fs.rename(temp, file);
    },
    async get(key) {
      try {
        return await fs.readFile(where(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await fs.rm(where(key), { force: true });
    },
  };
}

export function createS3Storage(s3: NonNullable<Config['messaging']['s3']>): FileStorage {
  const client = new AwsClient({
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    region: s3.region,
    service: 's3',
  });
  const url = (key: string) => {
    checkKey(key);
    return `${s3.endpoint}/${encodeURIComponent(s3.bucket)}/${key}`;
  };
  // Never put the key or the bucket in errors' messages beyond the status: logs stay clean.
  const fail = (op: string, status: number) => new Error(`S3 ${op} failed with HTTP ${status}`);
  return {
    kind: 's3',
    async put(key, data, contentType) {
      const response = await client.fetch(url(key), {
        method: 'PUT',
        body: new Uint8Array(data),
        headers: { 'content-type': contentType, 'content-length': String(data.length) },
      });
      if (!response.ok) throw fail('put', response.status);
    },
    async get(key) {
      const response = await client.fetch(url(key), { method: 'GET' });
      if (response.status === 404) return null;
      if (!response.ok) throw fail('get', response.status);
      return Buffer.from(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await client.fetch(url(key), { method: 'DELETE' });
      if (!response.ok && response.status !== 404) throw fail('delete', response.status);
    },
  };
}

/** The store the config asks for. */
export function createStorage(config: Pick<Config, 'dataDir' | 'messaging'>): FileStorage {
  const m = config.messaging;
  if (m.storage === 's3' && m.s3) return createS3Storage(m.s3);
  if (m.storage === 'memory') return createMemoryStorage();
  return createFileStorage(path.join(config.dataDir, 'attachments'));
}
