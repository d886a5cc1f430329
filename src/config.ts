import path from 'node:path';

/**
 * The platform's configuration, read once from the environment at start and validated.
 * Every variable is documented here and in docs/configuration.md.
 */
export interface Config {
  /** `PORT`: TCP port of the HTTP server. Default 3000. */
  port: number;
  /** `HOST`: interface to listen on. Default 127.0.0.1 (use 0.0.0.0 behind a load balancer). */
  host: string;
  /** `DATA_DIR`: where the embedded database lives. Default ./data. */
  dataDir: string;
  /** `DATABASE_URL`: a postgres:// URL switches from the embedded SQLite to PostgreSQL. */
  databaseUrl: string | undefined;
  /** `JHANET_DEMO`: seed the demo network into an empty database at start. Default off. */
  demo: boolean;
  /** `NODE_ENV`: "production" (default), "development" or "test". */
  environment: 'production' | 'development' | 'test';
  /** `LOG_LEVEL`: pino level. Default info (silent in tests). */
  logLevel: string;
  /** `JHANET_SESSION_IDLE_MINUTES`: a session unused for this long ends. Default 30. */
  sessionIdleMinutes: number;
  /** `JHANET_SESSION_MAX_HOURS`: a session ends this long after login whatever its use. Default 12. */
  sessionMaxHours: number;
  /** `JHANET_TRUST_PROXY`: trust X-Forwarded-* from a reverse proxy. Default off. */
  trustProxy: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

function environment(env: Env): Config['environment'] {
  const raw = env.NODE_ENV ?? 'production';
  if (raw === 'production' || raw === 'development' || raw === 'test') return raw;
  throw new ConfigError(`NODE_ENV must be production, development or test, not "${raw}"`);
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = environment(env);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data'),
    databaseUrl: databaseUrl(env),
    demo: flag(env, 'JHANET_DEMO', false),
    environment: nodeEnv,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    sessionIdleMinutes: integer(env, 'JHANET_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'JHANET_SESSION_MAX_HOURS', 12, 1, 24 * 7),
    trustProxy: flag(env, 'JHANET_TRUST_PROXY', false),
  };
}
