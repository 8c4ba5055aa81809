import path from 'node:path';
import { z } from 'zod';

/**
 * The only place that reads process.env. Everything else receives a validated Config.
 */
export interface Config {
  port: number;
  host: string;
  /** Null means: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  /** The address people use to reach Wholegrain; an https address turns on Secure cookies. */
  publicUrl: string | null;
  trustProxy: boolean;
  logLevel: LogLevel;
  sessionTtlDays: number;
  /** A session unused for this many days ends, whatever its lifetime left. */
  sessionIdleDays: number;
  /** Directory of the built web app; null when it is not served (tests of the API alone). */
  webDistDir: string | null;
  /** 32-byte key for mailbox passwords at rest; null: generated into dataDir/secret.key. */
  secretKey: Buffer | null;
  /** Run the schedulers (mailbox sync, reapers) in this process. */
  backgroundJobs: boolean;
  /** How often the sync scheduler looks for due mailboxes, in milliseconds. */
  syncTickMs: number;
  /** Larger messages are kept raw and quarantined instead of parsed. */
  maxMessageBytes: number;
  /** Largest file one may attach to a reply, and the most all of a reply's files may weigh together. */
  replyAttachmentLimits: { fileBytes: number; totalBytes: number };
  /** How long a reply waits (with an Undo) before it enters the outbox, for people who did not choose; 0 sends at once. */
  undoSendSeconds: number;
  /** Outgoing server for Wholegrain's own mail (duty reminders): smtp(s)://user:password@host:port; null: no email. */
  smtpUrl: string | null;
  /** From address of Wholegrain's own mail. */
  mailFrom: string;
  /** OAuth app registrations from the environment; when set they win over the ones entered in Settings. */
  oauthClients: { google: OAuthClientConfig | null; microsoft: OAuthClientConfig | null };
  /** Microsoft tenant in the sign-in URLs: common (work/school and personal), organizations, consumers or a tenant id. */
  microsoftTenant: string;
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string | null;
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const portString = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL');

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

const schema = z.object({
  PORT: portString.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('.wholegrain'),
  EMBEDDED_POSTGRES_PORT: portString.default(54329),
  PUBLIC_URL: httpUrl.optional(),
  TRUST_PROXY: booleanString.default(false),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  SESSION_TTL_DAYS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(365).default(30),
  SESSION_IDLE_DAYS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(365).default(14),
  WEB_DIST_DIR: z.string().min(1).optional(),
  BACKGROUND_JOBS: booleanString.default(true),
  SYNC_TICK_SECONDS: z.coerce.number({ message: 'must be a number' }).min(0.1).max(3600).default(5),
  MAX_MESSAGE_MB: z.coerce.number({ message: 'must be a number' }).min(1).max(512).default(25),
  REPLY_ATTACHMENT_MAX_MB: z.coerce.number({ message: 'must be a number' }).min(0.001).max(100).default(25),
  REPLY_ATTACHMENTS_TOTAL_MB: z.coerce.number({ message: 'must be a number' }).min(0.001).max(100).default(25),
  UNDO_SEND_SECONDS: z.coerce.number({ message: 'must be a number' }).int('must be whole seconds').min(0).max(30).default(10),
  SMTP_URL: z
    .string()
    .refine((value) => {
      try {
        return ['smtp:', 'smtps:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Wholegrain <wholegrain@localhost>'),
  SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  GOOGLE_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_OAUTH_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_OAUTH_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be common, organizations, consumers, a tenant id or a domain')
    .default('common'),
});

/** Validates the environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const shown = name in present && !name.includes('URL') && !name.includes('KEY') && !name.includes('SECRET') ? ` (got "${present[name]}")` : '';
      return `${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const values = result.data;
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL ?? null,
    dataDir: path.resolve(cwd, values.DATA_DIR),
    embeddedPostgresPort: values.EMBEDDED_POSTGRES_PORT,
    publicUrl: values.PUBLIC_URL ?? null,
    trustProxy: values.TRUST_PROXY,
    logLevel: values.LOG_LEVEL,
    sessionTtlDays: values.SESSION_TTL_DAYS,
    sessionIdleDays: values.SESSION_IDLE_DAYS,
    webDistDir: values.WEB_DIST_DIR ? path.resolve(cwd, values.WEB_DIST_DIR) : null,
    secretKey: values.SECRET_KEY ? Buffer.from(values.SECRET_KEY, 'base64') : null,
    backgroundJobs: values.BACKGROUND_JOBS,
    syncTickMs: Math.round(values.SYNC_TICK_SECONDS * 1000),
    maxMessageBytes: Math.round(values.MAX_MESSAGE_MB * 1024 * 1024),
    replyAttachmentLimits: {
      fileBytes: Math.round(values.REPLY_ATTACHMENT_MAX_MB * 1024 * 1024),
      totalBytes: Math.round(values.REPLY_ATTACHMENTS_TOTAL_MB * 1024 * 1024),
    },
    undoSendSeconds: values.UNDO_SEND_SECONDS,
    smtpUrl: values.SMTP_URL ?? null,
    mailFrom: values.MAIL_FROM,
    oauthClients: {
      google: values.GOOGLE_OAUTH_CLIENT_ID ? { clientId: values.GOOGLE_OAUTH_CLIENT_ID, clientSecret: values.GOOGLE_OAUTH_CLIENT_SECRET ?? null } : null,
      microsoft: values.MICROSOFT_OAUTH_CLIENT_ID ? { clientId: values.MICROSOFT_OAUTH_CLIENT_ID, clientSecret: values.MICROSOFT_OAUTH_CLIENT_SECRET ?? null } : null,
    },
    microsoftTenant: values.MICROSOFT_OAUTH_TENANT,
  };
}

export const CONFIG = Symbol('CONFIG');
