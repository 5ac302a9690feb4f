import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The whole environment contract of every yunzhao process, parsed once at boot.
 * Each variable is read by exactly one parser here; apps take what they need
 * from the typed result. A bad value stops the process with a message that
 * names the variable (never its value: it may be a secret).
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Address the HTTP servers bind to. */
  host: string;
  api: {
    port: number;
    /** Origins allowed to call the api and media nodes cross-origin (CORS); none by default. */
    corsOrigins: string[];
    /**
     * Origins the web app may open connections to besides its own and MEDIA_PUBLIC_URL's (CSP
     * connect-src): every media node's signaling URL (CSP_CONNECT_SRC). Empty by default.
     */
    connectOrigins: string[];
    /**
     * Reverse proxies in front of the api (TRUST_PROXY_HOPS): 0 trusts no X-Forwarded-For, so the
     * socket address counts for the rate limits; 1 behind one load balancer, and so on.
     */
    trustProxyHops: number;
    bodyLimit: string;
    webDist: string;
  };
  databaseUrl: string;
  redis: { url: string; keyPrefix: string };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    loginMaxFailures: number;
    loginWindowSeconds: number;
  };
  admin: { username: string; password: string | undefined };
  media: {
    /** This media node's name, unique across the deployment (recordings and node registry use it). */
    nodeId: string;
    /**
     * Where browsers reach this node's signaling directly (MEDIA_NODE_PUBLIC_URL). Set, the node
     * registers itself in Redis and the api places sessions on it; unset (one node), it does not
     * register and the api hands out MEDIA_PUBLIC_URL.
     */
    nodePublicUrl: string | undefined;
    port: number;
    workers: number;
    listenIp: string;
    announcedIp: string | undefined;
    rtcMinPort: number;
    rtcMaxPort: number;
    workerBin: string | undefined;
    /** How long a room outlives its last participant, and a dropped connection its peer (seconds). */
    roomGraceSeconds: number;
    peerGraceSeconds: number;
  };
  worker: { port: number };
  /** Interview sessions: who may enter a room and when (room tokens). */
  rooms: {
    tokenTtlSeconds: number;
    earlyJoinMinutes: number;
    /** Where browsers reach the media node (socket.io signaling). */
    mediaPublicUrl: string;
  };
  /** Email and in-app notifications, written to an outbox and delivered by the worker. */
  notifications: {
    /** The web app's address as users reach it, for links in messages. */
    publicWebUrl: string;
    /** smtp(s)://… ; without it messages are written as .eml files into `dir`. */
    smtpUrl: string | undefined;
    dir: string;
    from: string;
    relayIntervalMs: number;
    maxAttempts: number;
  };
  /** Files users upload (documents); one directory, created on demand. */
  storage: { dir: string; maxUploadBytes: number };
  registration: { maxPerIp: number; windowSeconds: number };
  /** The demo campaign seeded into an empty database, and an optional demo HR account. */
  demo: { seed: boolean; hrUsername: string; hrPassword: string | undefined };
  /** Question bank: encryption at rest and the timekeeper's default warning. */
  questionBank: {
    /** QUESTION_BANK_KEY (32 bytes, hex or base64); unset outside production: derived from JWT_SECRET. */
    key: string | undefined;
    importMaxBytes: number;
    warningSeconds: number;
  };
  /** Server-side recording of every room producer (issue 5). */
  recording: {
    enabled: boolean;
    /** Local-disk storage root of recordings (the default storage adapter). */
    dir: string;
    /** UDP ports ffmpeg recorders listen on (each recorder takes an even port and the next one). */
    minPort: number;
    maxPort: number;
    ffmpegBin: string;
    ffprobeBin: string;
    /** Days a recording is kept when its campaign sets no retention of its own. */
    defaultRetentionDays: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/yunzhao';

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name) ?? fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return parsed;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.raw(name) ?? fallback;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !protocols.includes(parsed.protocol) || !parsed.hostname) {
      this.problems.push(
        `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      );
    }
    return value;
  }

  /**
   * A comma-separated list of web origins (`https://host[:port]`, no path); `*` is refused, so
   * CORS and CSP lists are always explicit. Returned normalised (`new URL(..).origin`).
   */
  origins(name: string, fallback: string): string[] {
    const items = (this.raw(name) ?? fallback)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const origins: string[] = [];
    for (const item of items) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(item);
      } catch {
        parsed = undefined;
      }
      const bare = parsed && (parsed.pathname === '/' || parsed.pathname === '') && !parsed.search;
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !bare) {
        this.problems.push(
          `${name} must be a comma-separated list of http:// or https:// origins (no path, no *)`,
        );
        return [];
      }
      origins.push(parsed.origin);
    }
    return origins;
  }

  secret(name: string, minLength: number): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problems.push(`${name} is required (at least ${minLength} characters)`);
      return '';
    }
    if (value.length < minLength)
      this.problems.push(`${name} must be at least ${minLength} characters`);
    return value;
  }
}

const repoRoot = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
);

export function loadConfig(env: Env = process.env): AppConfig {
  const read = new Reader(env);
  const config: AppConfig = {
    nodeEnv: read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    host: read.string('HOST', '127.0.0.1'),
    api: {
      port: read.int('PORT', 3000, 0, 65535),
      corsOrigins: read.origins('CORS_ORIGINS', ''),
      connectOrigins: read.origins('CSP_CONNECT_SRC', ''),
      trustProxyHops: read.int('TRUST_PROXY_HOPS', 0, 0, 10),
      bodyLimit: read.string('BODY_LIMIT', '100kb'),
      webDist: read.string('WEB_DIST', path.join(repoRoot, 'dist', 'web')),
    },
    databaseUrl: read.url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    redis: {
      url: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      keyPrefix: read.string('REDIS_KEY_PREFIX', 'yunzhao'),
    },
    auth: {
      jwtSecret: read.secret('JWT_SECRET', 32),
      accessTtlSeconds: read.int('JWT_ACCESS_TTL_SECONDS', 900, 30, 86_400),
      refreshTtlSeconds: read.int('JWT_REFRESH_TTL_SECONDS', 7 * 86_400, 60, 90 * 86_400),
      loginMaxFailures: read.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
      loginWindowSeconds: read.int('LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    },
    admin: {
      username: read.string('ADMIN_USERNAME', 'admin'),
      password: read.optional('ADMIN_PASSWORD'),
    },
    media: {
      nodeId: read.string('MEDIA_NODE_ID', `${os.hostname()}-${env.MEDIA_PORT?.trim() || 3100}`),
      nodePublicUrl: read.optional('MEDIA_NODE_PUBLIC_URL'),
      port: read.int('MEDIA_PORT', 3100, 0, 65535),
      workers: read.int('MEDIA_WORKERS', os.cpus().length, 1, 256),
      listenIp: read.string('MEDIA_LISTEN_IP', '127.0.0.1'),
      announcedIp: read.optional('MEDIA_ANNOUNCED_IP'),
      rtcMinPort: read.int('MEDIA_RTC_MIN_PORT', 40000, 1024, 65535),
      rtcMaxPort: read.int('MEDIA_RTC_MAX_PORT', 44999, 1024, 65535),
      workerBin: read.optional('MEDIASOUP_WORKER_BIN'),
      roomGraceSeconds: read.int('MEDIA_ROOM_GRACE_SECONDS', 30, 0, 3600),
      peerGraceSeconds: read.int('MEDIA_PEER_GRACE_SECONDS', 15, 0, 600),
    },
    worker: { port: read.int('WORKER_PORT', 3200, 0, 65535) },
    rooms: {
      tokenTtlSeconds: read.int('ROOM_TOKEN_TTL_SECONDS', 600, 30, 86_400),
      earlyJoinMinutes: read.int('ROOM_EARLY_JOIN_MINUTES', 30, 0, 24 * 60),
      mediaPublicUrl: read.url('MEDIA_PUBLIC_URL', 'http://127.0.0.1:3100', ['http:', 'https:']),
    },
    notifications: {
      publicWebUrl: read.url('PUBLIC_WEB_URL', 'http://127.0.0.1:3000', ['http:', 'https:']),
      smtpUrl: read.optional('SMTP_URL'),
      dir: path.resolve(read.string('NOTIFICATIONS_DIR', path.join(repoRoot, 'var', 'mail'))),
      from: read.string('NOTIFICATIONS_FROM', '云招 <noreply@yunzhao.local>'),
      relayIntervalMs: read.int('NOTIFICATIONS_RELAY_INTERVAL_MS', 2000, 50, 3_600_000),
      maxAttempts: read.int('NOTIFICATIONS_MAX_ATTEMPTS', 8, 1, 100),
    },
    storage: {
      dir: path.resolve(read.string('STORAGE_DIR', path.join(repoRoot, 'var', 'storage'))),
      maxUploadBytes: read.int('UPLOAD_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    },
    registration: {
      maxPerIp: read.int('REGISTRATION_MAX_PER_IP', 20, 1, 100_000),
      windowSeconds: read.int('REGISTRATION_WINDOW_SECONDS', 3600, 1, 86_400),
    },
    demo: {
      // Only a development database gets the demo campaign unless asked for.
      seed:
        read.oneOf(
          'SEED_DEMO',
          ['true', 'false'] as const,
          (env.NODE_ENV ?? 'development') === 'development' ? 'true' : 'false',
        ) === 'true',
      hrUsername: read.string('DEMO_HR_USERNAME', 'hr'),
      hrPassword: read.optional('DEMO_HR_PASSWORD'),
    },
    questionBank: {
      key: read.optional('QUESTION_BANK_KEY'),
      importMaxBytes: read.int(
        'QUESTION_IMPORT_MAX_BYTES',
        2 * 1024 * 1024,
        1024,
        50 * 1024 * 1024,
      ),
      warningSeconds: read.int('QUESTION_WARNING_SECONDS', 180, 0, 3600),
    },
    recording: {
      enabled: read.oneOf('RECORDING_ENABLED', ['true', 'false'] as const, 'true') === 'true',
      dir: path.resolve(read.string('RECORDING_DIR', path.join(repoRoot, 'var', 'recordings'))),
      minPort: read.int('RECORDING_MIN_PORT', 46000, 1024, 65535),
      maxPort: read.int('RECORDING_MAX_PORT', 47999, 1024, 65535),
      ffmpegBin: read.string('FFMPEG_BIN', 'ffmpeg'),
      ffprobeBin: read.string('FFPROBE_BIN', 'ffprobe'),
      defaultRetentionDays: read.int('RECORDING_RETENTION_DAYS', 365, 1, 36_500),
    },
  };
  if (config.media.rtcMaxPort - config.media.rtcMinPort + 1 < config.media.workers * 10) {
    read.problems.push(
      'MEDIA_RTC_MIN_PORT..MEDIA_RTC_MAX_PORT must give every media worker at least 10 ports',
    );
  }
  const { recording, media } = config;
  if (recording.maxPort - recording.minPort + 1 < 2) {
    read.problems.push('RECORDING_MIN_PORT..RECORDING_MAX_PORT must hold at least one port pair');
  }
  if (recording.minPort <= media.rtcMaxPort && media.rtcMinPort <= recording.maxPort) {
    read.problems.push(
      'RECORDING_MIN_PORT..RECORDING_MAX_PORT must not overlap the MEDIA_RTC ports',
    );
  }
  if (config.admin.password !== undefined && config.admin.password.length < 10) {
    read.problems.push('ADMIN_PASSWORD must be at least 10 characters');
  }
  if (config.demo.hrPassword !== undefined && config.demo.hrPassword.length < 10) {
    read.problems.push('DEMO_HR_PASSWORD must be at least 10 characters');
  }
  if (config.questionBank.key !== undefined && !isQuestionBankKey(config.questionBank.key)) {
    read.problems.push('QUESTION_BANK_KEY must be 32 bytes as 64 hex characters or base64');
  }
  if (config.nodeEnv === 'production' && config.questionBank.key === undefined) {
    read.problems.push('QUESTION_BANK_KEY is required in production');
  }
  if (
    config.nodeEnv === 'production' &&
    !read.problems.some(isAbout('JWT_SECRET')) &&
    isPlaceholderSecret(config.auth.jwtSecret)
  ) {
    read.problems.push(
      'JWT_SECRET looks like a placeholder (too few distinct characters or a sample value); in production use a random one (openssl rand -hex 32)',
    );
  }
  if (config.media.nodePublicUrl !== undefined) {
    read.url('MEDIA_NODE_PUBLIC_URL', config.media.nodePublicUrl, ['http:', 'https:']);
  }
  if (config.notifications.smtpUrl !== undefined) {
    read.url('SMTP_URL', config.notifications.smtpUrl, ['smtp:', 'smtps:']);
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

const isAbout = (name: string) => (problem: string) => problem.startsWith(`${name} `);

/**
 * A JWT secret nobody should run production with: a repeated pattern (`xxxx…`, `changeme…`) or a
 * sample value. Random secrets (hex, base64, a long passphrase) have many distinct characters.
 */
export function isPlaceholderSecret(secret: string): boolean {
  if (new Set(secret).size < 10) return true;
  return /change.?me|example|placeholder|your.?secret|secret.?key|dev.?secret|test.?secret/i.test(
    secret,
  );
}

/** 32 bytes written as 64 hex characters or as base64. */
export function isQuestionBankKey(value: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return true;
  return /^[A-Za-z0-9+/]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** Only the database URL: for tools such as the migration CLI and verify-audit. */
export function readDatabaseUrl(env: Env = process.env): string {
  const read = new Reader(env);
  const url = read.url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return url;
}

/**
 * Loads the config or ends the process with a one-line reason: the way every
 * app's main() starts.
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
