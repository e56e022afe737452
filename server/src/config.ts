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
  /** Prefix of every Redis key and channel (REDIS_PREFIX, default `ingang:`): deployments sharing one Redis. */
  redisPrefix: string;
  logLevel: string;
  /**
   * Per-request logging (platform/logging.ts): every request (ACCESS_LOG=true, default off), or
   * only failures and requests slower than SLOW_REQUEST_MS (default 1000; 0 = none for being slow).
   */
  accessLog: { all: boolean; slowMs: number };
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
    /** How long an instance trusts its copy of the feed before asking the database (FHIR_FEED_CHECK_MS; 1000, tests 0). */
    feedCheckMs: number;
    /** The most memory an instance's feed cache of file chunks and manifests uses (FHIR_FEED_CACHE_KB, default 65536 = 64 MiB). */
    feedCacheBytes: number;
    /** The size of a stored chunk of a feed file (FHIR_FEED_CHUNK_KB, default 256). */
    feedChunkBytes: number;
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
  /** Text messages (platform/sms.ts): the provider's HTTP API when `url` is set, else the dev outbox. */
  sms: {
    /** SMS_URL, e.g. https://api.46elks.com/a1/sms; unset: the development outbox (dev_sms_outbox). */
    url?: string;
    /** SMS_USERNAME / SMS_PASSWORD: the provider's API user and secret (HTTP Basic). */
    username?: string;
    password?: string;
    /** SMS_FROM: the sender shown on the phone (at most 11 letters, or a number). */
    from: string;
  };
  rateLimit: {
    loginPerIpPerMinute: number;
    loginPerPersonPerMinute: number;
  };
  /** Load demo data at start when the database is empty. */
  seedDemo: boolean;
  /** Cap on a JSON request body in bytes (BODY_LIMIT_BYTES, default 256 KiB); upload routes set their own. */
  bodyLimit: number;
  /**
   * Addresses or CIDR ranges of the proxies in front (TRUSTED_PROXIES, comma-separated):
   * X-Forwarded-For/-Proto/-Host are believed only from them. Empty: never.
   */
  trustedProxies: string[];
  /** Graceful shutdown (SIGTERM): readiness fails for drainDelayMs before the listener closes; in-flight work gets until deadlineMs. */
  shutdown: { drainDelayMs: number; deadlineMs: number };
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
    /**
     * Push-service origins accepted without the public-address check (PUSH_ALLOWED_ORIGINS,
     * comma-separated, e.g. a test receiver); every other endpoint must be https to a public host.
     */
    pushAllowedOrigins: string[];
    /** How often an open socket re-checks the session and each subscription's access (MESSAGING_WS_RECHECK_MS). */
    wsRecheckMs: number;
  };
  /** The waiting room in front of login and booking (issue 15). */
  waitingRoom: {
    /** HMAC key of queue tickets (WAITING_ROOM_SECRET); absent → one generated once and kept in the database. */
    secret?: string;
    /** How long a waiting (not yet admitted) ticket lasts (WAITING_ROOM_TICKET_TTL_SECONDS). */
    ticketTtlSeconds: number;
    /** New tickets per IP a minute: a coarse backstop that a carrier's NAT still fits under (WAITING_ROOM_TICKETS_PER_IP_PER_MINUTE). */
    ticketsPerIpPerMinute: number;
    /** Logins a minute through the always-open lane while a room runs (WAITING_ROOM_MANAGE_LANE_PER_MINUTE). */
    manageLanePerMinute: number;
    /** Booking attempts per logged-in person a minute while a room runs (WAITING_ROOM_BOOKINGS_PER_PERSON_PER_MINUTE). */
    bookingsPerPersonPerMinute: number;
    /** Proof of work per new ticket, in leading zero bits (WAITING_ROOM_POW_BITS; 0 = none) and the extra bits under load (WAITING_ROOM_POW_LOAD_BITS). */
    powBits: number;
    powLoadBits: number;
    /** Capacity mode: an admitted ticket (or a called place) silent this long frees its place (WAITING_ROOM_ABANDON_SECONDS). */
    abandonSeconds: number;
    /**
     * The load switch: an app-wide room opens by itself over `on` and closes under `off` (WAITING_ROOM_AUTO*).
     * The delay counts towards `on` only while this process's own CPU is at `on.ownCpu` of a core
     * (WAITING_ROOM_AUTO_ON_OWN_CPU_PERCENT; 0 = the delay alone): a starved machine holds the switch.
     */
    auto: {
      enabled: boolean;
      ratePerMinute: number;
      on: { inFlight: number; eventLoopDelayMs: number; poolWaiting: number; ownCpu: number };
      off: { inFlight: number; eventLoopDelayMs: number; poolWaiting: number };
      onAfterMs: number;
      offAfterMs: number;
    };
    /**
     * Pace (and capacity) following the load, for rooms with "auto": how often each instance steps it
     * (WAITING_ROOM_PACE_STEP_MS) and its own thresholds — an event-loop delay well under the second
     * in which a newcomer must be told a place (WAITING_ROOM_PACE_ON/OFF_EVENT_LOOP_DELAY_MS); in
     * flight and pool wait as the load switch's "on" (in flight never holds back a raise). The delay
     * cuts only while this process's own CPU is at `on.ownCpu` of a core
     * (WAITING_ROOM_PACE_ON_OWN_CPU_PERCENT; 0 = the delay alone); over it with the process idle, the
     * machine is starved and the pace holds.
     */
    pace: {
      stepMs: number;
      on: { inFlight: number; eventLoopDelayMs: number; poolWaiting: number; ownCpu: number };
      off: { inFlight: number; eventLoopDelayMs: number; poolWaiting: number };
    };
  };
  /** Load shedding and timeouts (issue 15): over these the server answers 503 with Retry-After. */
  load: {
    /** Requests in progress before new ones are shed (LOAD_MAX_IN_FLIGHT; 0 = no cap). */
    maxInFlight: number;
    /** Event-loop delay (p99, ms) over which new requests are shed (LOAD_SHED_EVENT_LOOP_DELAY_MS; 0 = never). */
    shedEventLoopDelayMs: number;
    /** … only while this process's own CPU is at this share of a core (LOAD_SHED_OWN_CPU_PERCENT; 0 = the delay alone). */
    shedOwnCpu: number;
    /** A request that takes longer is answered 503 (REQUEST_TIMEOUT_MS). */
    requestTimeoutMs: number;
    /** PostgreSQL statement_timeout (DB_STATEMENT_TIMEOUT_MS). */
    statementTimeoutMs: number;
    /** Longest wait for a pooled connection (DB_POOL_ACQUIRE_TIMEOUT_MS). */
    poolAcquireTimeoutMs: number;
  };
  /** Citizen support (issue 16): the SMTP receiver for the support address, answer caps, SLA goal. */
  support: {
    /** Receive mail to the support address (SUPPORT_SMTP_ENABLED; default on except in tests). */
    smtpEnabled: boolean;
    /** The receiver's bind address (SUPPORT_SMTP_HOST; default loopback) and port (SUPPORT_SMTP_PORT; 0 = any free). */
    smtpHost: string;
    smtpPort: number;
    /** The address citizens write to; answers come from it (SUPPORT_ADDRESS). */
    address: string;
    /** Max answers by mail to one address per hour (SUPPORT_REPLY_CAP_PER_HOUR). */
    replyCapPerHour: number;
    /** Largest accepted mail in bytes, attachments included (SUPPORT_MAX_MAIL_BYTES). */
    maxMailBytes: number;
    /** The first-answer goal in opening-hour minutes (SUPPORT_FIRST_ANSWER_GOAL_MINUTES). */
    firstAnswerGoalMinutes: number;
    /** An offered chat not accepted within this goes to the next agent (SUPPORT_ACCEPT_TIMEOUT_SECONDS; 120). */
    acceptTimeoutSeconds: number;
    /** Where deviation reports are forwarded, per category (SUPPORT_DEVIATION_MAIL_TECHNICAL/_OPERATIONAL/_SUPPLY). */
    deviationRecipients: { technical: string; operational: string; supply: string };
  };
  /**
   * Group commit of bookings (issue 15, docs/architecture.md): concurrent bookings for oneself on
   * one instance share one transaction and one WAL flush, each with its own answer.
   */
  bookingBatch: {
    /** On (BOOKING_BATCH; default on). Off: every booking is its own statement and commit. */
    enabled: boolean;
    /** How long the first booking of a batch waits for company (BOOKING_BATCH_WINDOW_MS; 0 = none). */
    windowMs: number;
    /** Bookings per batch at most (BOOKING_BATCH_MAX). */
    maxSize: number;
    /** Batches in flight at once on this instance (BOOKING_BATCH_IN_FLIGHT). */
    maxInFlight: number;
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

/** A whole percentage (of one core) as a share: "50" → 0.5. */
function percent(env: Env, name: string, fallback: number, problems: string[]): number {
  return int(env, name, fallback, problems) / 100;
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

/** A comma-separated list, trimmed, without empty entries. */
function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
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
    redisPrefix: env.REDIS_PREFIX || 'ingang:',
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    accessLog: {
      all: bool(env, 'ACCESS_LOG', false, problems),
      slowMs: int(env, 'SLOW_REQUEST_MS', 1000, problems),
    },
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
      feedCheckMs: int(env, 'FHIR_FEED_CHECK_MS', mode === 'test' ? 0 : 1000, problems),
      feedCacheBytes: int(env, 'FHIR_FEED_CACHE_KB', 65536, problems) * 1024,
      feedChunkBytes: Math.max(1, int(env, 'FHIR_FEED_CHUNK_KB', 256, problems)) * 1024,
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
    sms: {
      url: env.SMS_URL || undefined,
      username: env.SMS_USERNAME || undefined,
      password: env.SMS_PASSWORD || undefined,
      from: env.SMS_FROM ?? 'Ingang',
    },
    rateLimit: {
      loginPerIpPerMinute: int(env, 'RATE_LOGIN_PER_IP_PER_MINUTE', 30, problems),
      loginPerPersonPerMinute: int(env, 'RATE_LOGIN_PER_PERSON_PER_MINUTE', 5, problems),
    },
    seedDemo: bool(env, 'SEED_DEMO', !production, problems),
    bodyLimit: int(env, 'BODY_LIMIT_BYTES', 256 * 1024, problems),
    trustedProxies: list(env.TRUSTED_PROXIES),
    shutdown: {
      drainDelayMs: int(env, 'SHUTDOWN_DRAIN_DELAY_MS', production ? 5000 : 500, problems),
      deadlineMs: int(env, 'SHUTDOWN_DEADLINE_MS', 25_000, problems),
    },
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
      pushAllowedOrigins: list(env.PUSH_ALLOWED_ORIGINS),
    },
    waitingRoom: {
      secret: env.WAITING_ROOM_SECRET || undefined,
      ticketTtlSeconds: int(env, 'WAITING_ROOM_TICKET_TTL_SECONDS', 3 * 60 * 60, problems),
      ticketsPerIpPerMinute: int(env, 'WAITING_ROOM_TICKETS_PER_IP_PER_MINUTE', 600, problems),
      manageLanePerMinute: int(env, 'WAITING_ROOM_MANAGE_LANE_PER_MINUTE', 1200, problems),
      bookingsPerPersonPerMinute: int(env, 'WAITING_ROOM_BOOKINGS_PER_PERSON_PER_MINUTE', 10, problems),
      powBits: int(env, 'WAITING_ROOM_POW_BITS', 16, problems),
      powLoadBits: int(env, 'WAITING_ROOM_POW_LOAD_BITS', 4, problems),
      abandonSeconds: int(env, 'WAITING_ROOM_ABANDON_SECONDS', 120, problems),
      auto: {
        // The embedded PGlite runs on the event loop, so its delay says nothing about load there.
        enabled: bool(env, 'WAITING_ROOM_AUTO', mode !== 'test' && Boolean(env.DATABASE_URL), problems),
        ratePerMinute: int(env, 'WAITING_ROOM_AUTO_RATE_PER_MINUTE', 6000, problems),
        on: {
          inFlight: int(env, 'WAITING_ROOM_AUTO_ON_IN_FLIGHT', 400, problems),
          eventLoopDelayMs: int(env, 'WAITING_ROOM_AUTO_ON_EVENT_LOOP_DELAY_MS', 250, problems),
          poolWaiting: int(env, 'WAITING_ROOM_AUTO_ON_POOL_WAITING', 40, problems),
          ownCpu: percent(env, 'WAITING_ROOM_AUTO_ON_OWN_CPU_PERCENT', 50, problems),
        },
        off: {
          inFlight: int(env, 'WAITING_ROOM_AUTO_OFF_IN_FLIGHT', 100, problems),
          eventLoopDelayMs: int(env, 'WAITING_ROOM_AUTO_OFF_EVENT_LOOP_DELAY_MS', 60, problems),
          poolWaiting: int(env, 'WAITING_ROOM_AUTO_OFF_POOL_WAITING', 2, problems),
        },
        onAfterMs: int(env, 'WAITING_ROOM_AUTO_ON_AFTER_MS', 3000, problems),
        offAfterMs: int(env, 'WAITING_ROOM_AUTO_OFF_AFTER_MS', 60_000, problems),
      },
      pace: {
        stepMs: int(env, 'WAITING_ROOM_PACE_STEP_MS', 2000, problems),
        on: {
          inFlight: int(env, 'WAITING_ROOM_AUTO_ON_IN_FLIGHT', 400, problems),
          eventLoopDelayMs: int(env, 'WAITING_ROOM_PACE_ON_EVENT_LOOP_DELAY_MS', 150, problems),
          poolWaiting: int(env, 'WAITING_ROOM_AUTO_ON_POOL_WAITING', 40, problems),
          ownCpu: percent(env, 'WAITING_ROOM_PACE_ON_OWN_CPU_PERCENT', 50, problems),
        },
        off: {
          inFlight: int(env, 'WAITING_ROOM_AUTO_ON_IN_FLIGHT', 400, problems),
          eventLoopDelayMs: int(env, 'WAITING_ROOM_PACE_OFF_EVENT_LOOP_DELAY_MS', 50, problems),
          poolWaiting: int(env, 'WAITING_ROOM_AUTO_OFF_POOL_WAITING', 2, problems),
        },
      },
    },
    load: {
      maxInFlight: int(env, 'LOAD_MAX_IN_FLIGHT', 2000, problems),
      shedEventLoopDelayMs: int(
        env,
        'LOAD_SHED_EVENT_LOOP_DELAY_MS',
        env.DATABASE_URL && mode !== 'test' ? 2000 : 0,
        problems,
      ),
      shedOwnCpu: percent(env, 'LOAD_SHED_OWN_CPU_PERCENT', 50, problems),
      requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, problems),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, problems),
      poolAcquireTimeoutMs: int(env, 'DB_POOL_ACQUIRE_TIMEOUT_MS', 10_000, problems),
    },
    support: {
      smtpEnabled: bool(env, 'SUPPORT_SMTP_ENABLED', mode !== 'test', problems),
      smtpHost: env.SUPPORT_SMTP_HOST ?? '127.0.0.1',
      smtpPort: int(env, 'SUPPORT_SMTP_PORT', 2526, problems),
      address: (env.SUPPORT_ADDRESS ?? 'support@ingang.localhost').toLowerCase(),
      replyCapPerHour: int(env, 'SUPPORT_REPLY_CAP_PER_HOUR', 5, problems),
      maxMailBytes: int(env, 'SUPPORT_MAX_MAIL_BYTES', 10 * 1024 * 1024, problems),
      firstAnswerGoalMinutes: int(env, 'SUPPORT_FIRST_ANSWER_GOAL_MINUTES', 60, problems),
      acceptTimeoutSeconds: int(env, 'SUPPORT_ACCEPT_TIMEOUT_SECONDS', 120, problems),
      deviationRecipients: {
        technical: env.SUPPORT_DEVIATION_MAIL_TECHNICAL ?? 'it-drift@region.localhost',
        operational: env.SUPPORT_DEVIATION_MAIL_OPERATIONAL ?? 'verksamhet@region.localhost',
        supply: env.SUPPORT_DEVIATION_MAIL_SUPPLY ?? 'vaccinlogistik@region.localhost',
      },
    },
    bookingBatch: {
      enabled: bool(env, 'BOOKING_BATCH', true, problems),
      windowMs: int(env, 'BOOKING_BATCH_WINDOW_MS', 2, problems),
      maxSize: Math.max(1, int(env, 'BOOKING_BATCH_MAX', 64, problems)),
      maxInFlight: Math.max(1, int(env, 'BOOKING_BATCH_IN_FLIGHT', 2, problems)),
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
  if (!config.sms.url) problems.push('production mode needs an SMS provider (SMS_URL)');
  return problems;
}
