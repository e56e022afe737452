/**
 * Builds the app for a test file on its own database: an in-memory PGlite by
 * default, or a fresh PostgreSQL database (created and dropped here) when
 * DATABASE_URL is set. Tests drive it with `app.inject` or `listen()`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type BuildOptions, type BuiltApp, buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';

export interface TestApp extends BuiltApp {
  close(): Promise<void>;
}

async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ingang_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A test app. `env` entries override the environment (e.g. { BANKID_BACKEND: 'simulator' }). */
export async function startTestApp(
  options: BuildOptions & { env?: Record<string, string>; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const baseUrl = process.env.DATABASE_URL;
  const database = baseUrl ? await createPostgresDatabase(baseUrl) : undefined;
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DB_IN_MEMORY: database ? 'false' : 'true',
      ...(database ? { DATABASE_URL: database.url } : {}),
      MAIL_EMBEDDED: 'false',
      SEED_DEMO: 'false',
      ...options.env,
    },
    options.config,
  );
  const built = await buildApp(config, options);
  return {
    ...built,
    async close() {
      await built.app.close();
      await database?.drop();
    },
  };
}

/** Pulls a cookie value out of an inject response. */
export function cookieFrom(response: { cookies: { name: string; value: string }[] }, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}
