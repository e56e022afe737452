/**
 * FileStorage: the same contract for the embedded file store, the in-memory
 * store and the S3-compatible store (against a tiny fake S3 that checks the
 * request is SigV4-signed and path-style).
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createFileStorage,
  createMemoryStorage,
  createS3Storage,
  type FileStorage,
  newStorageKey,
} from '../../src/platform/storage.js';

let dir: string;
let s3: http.Server;
let s3Url: string;
const objects = new Map<string, Buffer>();
const seen: { method: string; url: string; auth: string }[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ingang-storage-'));
  s3 = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: String(req.headers.authorization ?? '') });
      if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKIDTEST/')) {
        res.statusCode = 403;
        return res.end();
      }
      const key = req.url ?? '';
      if (req.method === 'PUT') objects.set(key, Buffer.concat(chunks));
      if (req.method === 'DELETE') objects.delete(key);
      if (req.method === 'GET') {
        const body = objects.get(key);
        res.statusCode = body ? 200 : 404;
        return res.end(body);
      }
      res.statusCode = req.method === 'DELETE' ? 204 : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => s3.listen(0, '127.0.0.1', resolve));
  s3Url = `http://127.0.0.1:${(s3.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await new Promise((r) => s3.close(r));
});

const stores: [string, () => FileStorage][] = [
  ['memory', () => createMemoryStorage()],
  ['files', () => createFileStorage(dir)],
  [
    's3',
    () =>
      createS3Storage({
        endpoint: s3Url,
        bucket: 'ingang-test',
        region: 'eu-north-1',
        accessKeyId: 'AKIDTEST',
        secretAccessKey: 'secret',
      }),
  ],
];

describe.each(stores)('%s storage', (_name, make) => {
  test('put, get, delete; a missing key is null; deleting twice is fine', async () => {
    const store = make();
    const key = newStorageKey();
    expect(await store.get(key)).toBeNull();
    const data = Buffer.from([1, 2, 3, 255]);
    await store.put(key, data, 'image/png');
    expect((await store.get(key))?.equals(data)).toBe(true);
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  test('keys that could escape (paths, dots) are refused', async () => {
    const store = make();
    await expect(store.put('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
    await expect(store.get('a/b')).rejects.toThrow(/invalid storage key/);
  });
});

test('files are written under the root with owner-only permissions; S3 requests are path-style and signed', async () => {
  const key = newStorageKey();
  await createFileStorage(dir).put(key, Buffer.from('x'), 'image/png');
  const stat = await fs.stat(path.join(dir, key.slice(0, 2), key));
  expect(stat.mode & 0o777).toBe(0o600);
  expect(seen.some((r) => r.method === 'PUT' && r.url.startsWith('/ingang-test/'))).toBe(true);
  expect(seen.every((r) => r.auth.includes('eu-north-1/s3/aws4_request'))).toBe(true);
});
