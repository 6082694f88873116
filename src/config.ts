import path from 'node:path';
import { z } from 'zod';

// Validation messages in French, for the person reading a refused start.
z.config(z.locales.fr());

const MB = 1024 * 1024;

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: intFromEnv(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional(),
  VIGIE_APP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional(),
  VIGIE_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  VIGIE_CONSOLE_HOST: z.string().min(1).optional(),
  VIGIE_DATA_DIR: z.string().min(1).default('./data'),
  VIGIE_MASTER_KEY: z.string().min(1).optional(),
  VIGIE_PUBLIC_URL: z.url('doit être une URL complète, par exemple https://vigie.example.fr').optional(),
  VIGIE_HOME_DEPARTEMENT: z
    .string()
    .regex(/^(\d{2}|2A|2B|97\d)$/, 'doit être un code de département, par exemple 25')
    .default('25'),
  VIGIE_UPLOAD_MAX_BYTES: intFromEnv(15 * MB, 1024, 100 * MB),
  VIGIE_UPLOAD_MAX_PIXELS: intFromEnv(50_000_000, 10_000, 300_000_000),
  VIGIE_UPLOAD_MAX_FILES: intFromEnv(10, 1, 100),
  VIGIE_UPLOAD_MAX_SIDE: intFromEnv(2560, 256, 10_000),
  VIGIE_UPLOAD_MAX_STORED_BYTES: intFromEnv(2 * MB, 64 * 1024, 50 * MB),
  VIGIE_UPLOAD_BYTES_PER_CONVERSATION: intFromEnv(20 * MB, 64 * 1024, 1024 * MB),
  VIGIE_UPLOAD_BYTES_PER_ADDRESS: intFromEnv(50 * MB, 64 * 1024, 10_240 * MB),
  VIGIE_UPLOAD_CONCURRENCY: intFromEnv(2, 1, 64),
  VIGIE_UPLOAD_QUEUE: intFromEnv(8, 0, 1000),
  VIGIE_STREAMS_PER_ADDRESS: intFromEnv(20, 1, 100_000),
  VIGIE_STREAM_MAX_SECONDS: intFromEnv(30 * 60, 1, 24 * 3600),
  VIGIE_RECEIPT_DAYS: intFromEnv(365, 1, 3650),
  VIGIE_CONVERSATIONS_PER_ADDRESS: intFromEnv(100, 1, 1_000_000),
  VIGIE_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'doit être un nombre de relais ou une liste d’adresses',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The one typed configuration object, read once at boot. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The server's own database role (see db/app-role.ts); by default Vigie creates one. */
  appDatabaseUrl: string | undefined;
  /**
   * Where the console and the agent API listen when they must not share the citizen site's port (a
   * deployment exposes the citizen site and keeps the console on the police network); null: same port.
   */
  console: { port: number; host: string } | null;
  dataDir: string;
  masterKey: string | undefined;
  publicUrl: string;
  secureCookies: boolean;
  homeDepartement: string;
  uploads: {
    /** The most a received photo may weigh (it is held in memory while it waits and is decoded). */
    maxBytes: number;
    maxPixels: number;
    maxFilesPerConversation: number;
    /** Longest side of a stored photo, in pixels; larger photos are scaled down. */
    maxSide: number;
    /** The most one stored photo may weigh once re-encoded (lower quality is tried until it fits). */
    maxStoredBytes: number;
    /** Stored photo bytes one conversation may hold (checked under its row lock). */
    bytesPerConversation: number;
    /** Stored photo bytes one client address may add per 15 minutes (in memory, per process). */
    bytesPerAddress: number;
    /** Photos decoded at once by this process, and uploads allowed to wait for a turn beyond them. */
    concurrency: number;
    queue: number;
  };
  /** Citizens' live streams: how many one client address may hold, and how long one may last. */
  streams: { perAddress: number; maxLifetimeMs: number };
  receiptDays: number;
  /** New conversations one client address may open per 15 minutes (flood protection). */
  conversationsPerAddress: number;
  /** Reverse proxies whose X-Forwarded-For is believed, for in-memory throttling only; off by default. */
  trustProxy: number | string | undefined;
  logLevel: string;
}

/** Raised when the environment holds a value Vigie cannot start with. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the environment. Empty strings count as unset so that `FOO= npm start` behaves
 * like an absent variable; a present but invalid value stops the start with a message naming it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.path.join('.')} : ${issue.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = e.VIGIE_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.VIGIE_APP_DATABASE_URL,
    console:
      e.VIGIE_CONSOLE_PORT !== undefined || e.VIGIE_CONSOLE_HOST
        ? { port: e.VIGIE_CONSOLE_PORT ?? 0, host: e.VIGIE_CONSOLE_HOST ?? e.HOST }
        : null,
    dataDir: path.resolve(e.VIGIE_DATA_DIR),
    masterKey: e.VIGIE_MASTER_KEY,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    homeDepartement: e.VIGIE_HOME_DEPARTEMENT,
    uploads: {
      maxBytes: e.VIGIE_UPLOAD_MAX_BYTES,
      maxPixels: e.VIGIE_UPLOAD_MAX_PIXELS,
      maxFilesPerConversation: e.VIGIE_UPLOAD_MAX_FILES,
      maxSide: e.VIGIE_UPLOAD_MAX_SIDE,
      maxStoredBytes: e.VIGIE_UPLOAD_MAX_STORED_BYTES,
      bytesPerConversation: e.VIGIE_UPLOAD_BYTES_PER_CONVERSATION,
      bytesPerAddress: e.VIGIE_UPLOAD_BYTES_PER_ADDRESS,
      concurrency: e.VIGIE_UPLOAD_CONCURRENCY,
      queue: e.VIGIE_UPLOAD_QUEUE,
    },
    streams: { perAddress: e.VIGIE_STREAMS_PER_ADDRESS, maxLifetimeMs: e.VIGIE_STREAM_MAX_SECONDS * 1000 },
    receiptDays: e.VIGIE_RECEIPT_DAYS,
    conversationsPerAddress: e.VIGIE_CONVERSATIONS_PER_ADDRESS,
    trustProxy:
      e.VIGIE_TRUST_PROXY && /^\d+$/.test(e.VIGIE_TRUST_PROXY)
        ? Number(e.VIGIE_TRUST_PROXY)
        : e.VIGIE_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
  };
}
