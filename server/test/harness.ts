/**
 * Builds the app for a test file on its own database: an in-memory PGlite by
 * default, or a fresh PostgreSQL database (created and dropped here) when
 * DATABASE_URL is set. Tests drive it with `app.inject` or `listen()`.
 */
import { type BuildOptions, type BuiltApp, buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { createScratchDatabase } from '../src/platform/db/scratch.js';

export interface TestApp extends BuiltApp {
  close(): Promise<void>;
}

/** A test app. `env` entries override the environment (e.g. { BANKID_BACKEND: 'simulator' }). */
export async function startTestApp(
  options: BuildOptions & { env?: Record<string, string>; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const baseUrl = process.env.DATABASE_URL;
  const database = baseUrl ? await createScratchDatabase(baseUrl, 'ingang_t') : undefined;
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
