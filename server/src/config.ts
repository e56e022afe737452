/**
 * Environment → typed configuration. The only module that reads `process.env`.
 * `loadConfig` throws a ConfigError naming every inconsistency, so the server
 * refuses to start rather than run half-configured (e.g. production with the
 * BankID simulator on).
 */
import path from 'node:path';

export type Mode = 'development' | 'test' | 'production';
export const PLAN_CACHE_MODES = ['auto', 'force_generic_plan', 'force_custom_plan'] as const;
export type PlanCacheMode = (typeof PLAN_CACHE_MODES)[number];

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Public base URL, used for OIDC redirects and links in e-mail. */
  publicUrl: string;
  dataDir: string;
  /** PostgreSQL connection string; when absent the embedded PGlite under dataDir is used. */
  databaseUrl?: string;
  /** Use an in-memory PGlite (tests). */
  inMemoryDb: boolean;
  /** PostgreSQL connections per instance (DB_POOL_SIZE). */
  dbPoolSize: number;
  /** Named prepared statements on PostgreSQL (DB_PREPARED_STATEMENTS, default true). */
  dbPreparedStatements: boolean;
  /** Connections of the slot-search pool (DB_SEARCH_POOL_SIZE, default 8). */
  dbSearchPoolSize: number;
  /**
   * plan_cache_mode of the slot-search pool (DB_SEARCH_PLAN_CACHE_MODE, default
   * force_generic_plan): the search is planned once per connection, not per call.
   */
  dbSearchPlanCacheMode: PlanCacheMode;
  redisUrl?: string;
  logLevel: string;
  /** Serve the built web bundle from this directory, when it exists. */
  webDist: string;
  session: {
    /**
     * How long a citizen session read from the database is reused in process
     * (SESSION_CACHE_MS, default 2000; 0 turns it off). Revocations are evicted
     * at once through the hub; this bounds how late if a hub message is lost.
     */
    cacheMs: number;
    citizenIdleSeconds: number;
    staffIdleSeconds: number;
    /** Absolute lifetime, whatever the activity. */
    maxAgeSeconds: number;
    /** Set `Secure` on cookies (on when publicUrl is https). */
    secureCookies: boolean;
  };
  /** The FHIR API, the public slot feed and "download my data" (issue 20). */
  fhir: {
    /** The slot feed is regenerated at most this often (FHIR_FEED_INTERVAL_SECONDS, default 60). */
    feedIntervalSeconds: number;
    /** Days ahead the feed publishes (FHIR_FEED_DAYS, default 30). */
    feedDays: number;
    /** How long a finished export can be downloaded (FHIR_EXPORT_TTL_MINUTES, default 60). */
    exportTtlMinutes: number;
  };
  bankid: {
    backend: 'simulator' | 'rp';
    /** RP API base, e.g. https://appapi2.test.bankid.com/rp/v6.0 */
    rpUrl: string;
    /** PKCS#12 relying-party certificate and its passphrase (rp backend). */
    pfxPath?: string;
    pfxPassphrase?: string;
    /** CA certificate (PEM) that signs the BankID server certificate. */
    caPath?: string;
  };
  oidc: {
    /** Run the embedded oidc-provider at /oidc with the demo staff accounts. */
    embedded: boolean;
    issuer: string;
    clientId: string;
    clientSecret?: string;
  };
  mail: {
    /** Start the embedded SMTP server on loopback and the dev mailbox. */
    embedded: boolean;
    smtpHost: string;
    smtpPort: number;
    from: string;
  };
  rateLimit: {
    loginPerIpPerMinute: number;
    loginPerPersonPerMinute: number;
  };
  /** Load demo data at start when the database is empty. */
  seedDemo: boolean;
  /** Cap on request body size in bytes. */
  bodyLimit: number;
  /** A guardian may act for a child until the child turns this old (00:00 Stockholm on the birthday). */
  guardianAgeLimit: number;
  /** Video meetings (issue 7): ICE servers for the browsers, and where the SFU runs. */
  video: {
    /** STUN urls handed to browsers (VIDEO_STUN_URLS, comma-separated; default none: loopback/LAN only). */
    stunUrls: string[];
    /** TURN urls (coturn), e.g. turn:turn.example.se:3478?transport=udp (VIDEO_TURN_URLS). */
    turnUrls: string[];
    /** coturn `static-auth-secret` (use-auth-secret): short-lived TURN credentials are derived from it. */
    turnSecret?: string;
    /** Janus WebSocket API (e.g. ws://127.0.0.1:8188); set → group meetings go through Janus, else the embedded SFU. */
    janusUrl?: string;
    /** The address the embedded SFU binds and announces (VIDEO_MEDIA_ADDRESS). */
    mediaAddress: string;
    /** UDP port range of the embedded SFU (VIDEO_RTP_PORT_MIN/MAX). */
    rtpPortMin: number;
    rtpPortMax: number;
  };
  /** Secure messages (issue 6): attachment storage, retention, web push, the socket's re-checks. */
  messaging: {
    /** 'files' under dataDir/attachments (default), 'memory' (in-memory database), or 's3' when S3_BUCKET is set. */
    storage: 'files' | 'memory' | 's3';
    /** S3-compatible store (MinIO, Ceph, AWS): path-style requests signed with aws4fetch. */
    s3?: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
    /** Closed conversations are purged this many days after their last activity (MESSAGING_RETENTION_DAYS; 0 = keep). */
    retentionDays: number;
    /** VAPID keys for web push (VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY); generated once and kept in the database when absent. */
    vapid: { publicKey?: string; privateKey?: string; subject: string };
    /** Notify this long after a message, and only when the recipient has not read it by then (MESSAGING_NOTIFY_DELAY_SECONDS). */
    notifyDelaySeconds: number;
    /** How often an open socket re-checks the session and each subscription's access (MESSAGING_WS_RECHECK_MS). */
    wsRecheckMs: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    problems.push(`${name} must be a non-negative whole number (got "${raw}")`);
    return fallback;
  }
  return value;
}

function planCacheMode(env: Env, problems: string[]): PlanCacheMode {
  const raw = env.DB_SEARCH_PLAN_CACHE_MODE ?? 'force_generic_plan';
  if ((PLAN_CACHE_MODES as readonly string[]).includes(raw)) return raw as PlanCacheMode;
  problems.push(`DB_SEARCH_PLAN_CACHE_MODE must be one of ${PLAN_CACHE_MODES.join(', ')} (got "${raw}")`);
  return 'force_generic_plan';
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

/** Reads configuration from an environment (defaults to `process.env`). */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const modeRaw = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const mode: Mode = modeRaw;
  const port = int(env, 'PORT', 3000, problems);
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const production = mode === 'production';
  const dataDir = path.resolve(env.DATA_DIR ?? './data');

  const bankidBackend = (env.BANKID_BACKEND ?? (production ? 'rp' : 'simulator')) as Config['bankid']['backend'];
  if (bankidBackend !== 'simulator' && bankidBackend !== 'rp') {
    problems.push(`BANKID_BACKEND must be "simulator" or "rp" (got "${bankidBackend}")`);
  }
  const oidcEmbedded = bool(env, 'OIDC_EMBEDDED', !env.OIDC_ISSUER, problems);

  const config: Config = {
    mode,
    host,
    port,
    publicUrl,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    inMemoryDb: bool(env, 'DB_IN_MEMORY', false, problems),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, problems),
    dbPreparedStatements: bool(env, 'DB_PREPARED_STATEMENTS', true, problems),
    dbSearchPoolSize: int(env, 'DB_SEARCH_POOL_SIZE', 8, problems),
    dbSearchPlanCacheMode: planCacheMode(env, problems),
    redisUrl: env.REDIS_URL || undefined,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    webDist: path.resolve(env.WEB_DIST ?? path.join(import.meta.dirname, '../../web/dist')),
    session: {
      cacheMs: int(env, 'SESSION_CACHE_MS', 2000, problems),
      citizenIdleSeconds: int(env, 'SESSION_CITIZEN_IDLE_SECONDS', 15 * 60, problems),
      staffIdleSeconds: int(env, 'SESSION_STAFF_IDLE_SECONDS', 60 * 60, problems),
      maxAgeSeconds: int(env, 'SESSION_MAX_AGE_SECONDS', 12 * 60 * 60, problems),
      secureCookies: publicUrl.startsWith('https://'),
    },
    fhir: {
      feedIntervalSeconds: int(env, 'FHIR_FEED_INTERVAL_SECONDS', 60, problems),
      feedDays: int(env, 'FHIR_FEED_DAYS', 30, problems),
      exportTtlMinutes: int(env, 'FHIR_EXPORT_TTL_MINUTES', 60, problems),
    },
    bankid: {
      backend: bankidBackend,
      rpUrl: (env.BANKID_RP_URL ?? 'https://appapi2.test.bankid.com/rp/v6.0').replace(/\/$/, ''),
      pfxPath: env.BANKID_PFX_PATH || undefined,
      pfxPassphrase: env.BANKID_PFX_PASSPHRASE || undefined,
      caPath: env.BANKID_CA_PATH || undefined,
    },
    oidc: {
      embedded: oidcEmbedded,
      issuer: (env.OIDC_ISSUER ?? `${publicUrl}/oidc`).replace(/\/$/, ''),
      clientId: env.OIDC_CLIENT_ID ?? 'ingang-staff-portal',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    },
    mail: {
      embedded: bool(env, 'MAIL_EMBEDDED', !env.SMTP_HOST, problems),
      smtpHost: env.SMTP_HOST ?? '127.0.0.1',
      smtpPort: int(env, 'SMTP_PORT', 2525, problems),
      from: env.MAIL_FROM ?? 'Ingång <no-reply@ingang.localhost>',
    },
    rateLimit: {
      loginPerIpPerMinute: int(env, 'RATE_LOGIN_PER_IP_PER_MINUTE', 30, problems),
      loginPerPersonPerMinute: int(env, 'RATE_LOGIN_PER_PERSON_PER_MINUTE', 5, problems),
    },
    seedDemo: bool(env, 'SEED_DEMO', !production, problems),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, problems),
    guardianAgeLimit: int(env, 'GUARDIAN_AGE_LIMIT', 13, problems),
    video: {
      stunUrls: (env.VIDEO_STUN_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      turnUrls: (env.VIDEO_TURN_URLS ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      turnSecret: env.VIDEO_TURN_SECRET || undefined,
      janusUrl: env.JANUS_URL || undefined,
      mediaAddress: env.VIDEO_MEDIA_ADDRESS ?? '127.0.0.1',
      rtpPortMin: int(env, 'VIDEO_RTP_PORT_MIN', 40000, problems),
      rtpPortMax: int(env, 'VIDEO_RTP_PORT_MAX', 40999, problems),
    },
    messaging: {
      storage: env.S3_BUCKET ? 's3' : env.DB_IN_MEMORY === 'true' ? 'memory' : 'files',
      s3: env.S3_BUCKET
        ? {
            endpoint: (env.S3_ENDPOINT ?? 'https://s3.amazonaws.com').replace(/\/$/, ''),
            bucket: env.S3_BUCKET,
            region: env.S3_REGION ?? 'us-east-1',
            accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
            secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
          }
        : undefined,
      retentionDays: int(env, 'MESSAGING_RETENTION_DAYS', 3650, problems),
      vapid: {
        publicKey: env.VAPID_PUBLIC_KEY || undefined,
        privateKey: env.VAPID_PRIVATE_KEY || undefined,
        subject:
          env.VAPID_SUBJECT ?? `mailto:${(env.MAIL_FROM ?? 'no-reply@ingang.localhost').replace(/^.*<|>.*$/g, '')}`,
      },
      notifyDelaySeconds: int(env, 'MESSAGING_NOTIFY_DELAY_SECONDS', 60, problems),
      wsRecheckMs: int(env, 'MESSAGING_WS_RECHECK_MS', 15_000, problems),
    },
    ...overrides,
  };

  problems.push(...checkConsistency(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Rules that span several settings; production refuses every development convenience. */
export function checkConsistency(config: Config): string[] {
  const problems: string[] = [];
  if (config.mode !== 'production') return problems;
  if (config.bankid.backend === 'simulator') {
    problems.push('the BankID simulator cannot run in production mode (set BANKID_BACKEND=rp)');
  }
  if (config.bankid.backend === 'rp' && !config.bankid.pfxPath) {
    problems.push('production mode needs the BankID relying-party certificate (BANKID_PFX_PATH)');
  }
  if (config.oidc.embedded) {
    problems.push(
      'the embedded OIDC provider and its development login cannot run in production mode (set OIDC_ISSUER)',
    );
  }
  if (config.oidc.embedded === false && !config.oidc.clientSecret) {
    problems.push('production mode needs OIDC_CLIENT_SECRET for the region IdP');
  }
  if (!config.databaseUrl) {
    problems.push('production mode needs DATABASE_URL (PostgreSQL); the embedded database is for development');
  }
  if (config.seedDemo) problems.push('demo data cannot be loaded in production mode (SEED_DEMO=false)');
  if (!config.session.secureCookies) problems.push('production mode needs an https PUBLIC_URL (Secure cookies)');
  if (config.mail.embedded) problems.push('production mode needs a mail relay (SMTP_HOST)');
  return problems;
}
