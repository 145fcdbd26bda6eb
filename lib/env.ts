// The only reader of process.env. Every setting is declared, defaulted and validated here once;
// a missing or bad variable stops the process with a message that names it.
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** PostgreSQL connection string. `npm run dev` / `npm start` set it when they start the embedded server. */
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    /** Connections per app instance. Two instances at 10 stay well under PostgreSQL's default of 100. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    /** The public origin of the app, used in links (magic links, Stripe return URLs). */
    APP_URL: z.url().default("http://localhost:3000"),
    /** Signs session cookies and tokens. Required in production; `npm run dev` generates one. */
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)"),
    /** SMTP URL for magic links (smtp://user:pass@host:587). Unset in development: links are printed. */
    EMAIL_SERVER: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
    EMAIL_FROM: z.string().default("Equinox <no-reply@equinox.local>"),
    /** OpenID Connect single sign-on: used only when all three are set. */
    OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: optionalString,
    OIDC_NAME: z.string().default("Single sign-on"),
    /** The environment in which end customers who sign in to the portal are matched and created. */
    PORTAL_ENV: z.enum(["sandbox", "live"]).default("sandbox"),
    /** Stripe: a test-mode key for sandbox, a live-mode key for live. */
    STRIPE_SECRET_KEY_SANDBOX: optionalString.pipe(z.string().startsWith("sk_test_", "must be a test-mode key (sk_test_…)").optional()),
    STRIPE_SECRET_KEY_LIVE: optionalString.pipe(z.string().startsWith("sk_live_", "must be a live-mode key (sk_live_…)").optional()),
    STRIPE_WEBHOOK_SECRET_SANDBOX: optionalString,
    STRIPE_WEBHOOK_SECRET_LIVE: optionalString,
    /** Points the Stripe SDK at another server, e.g. the local emulator (http://127.0.0.1:12111). */
    STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
    /**
     * Requests per minute per API key before 429 rate_limited; 0 turns the limit off (for a
     * deployment behind a gateway that limits already, and for measuring what the limit costs).
     */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
    /**
     * /v1 attempts with an invalid or unknown secret key per client address per minute before
     * every request from that address is answered 429 for the rest of the minute, without a
     * database round trip; 0 turns it off. Counted across instances like the per-key limit.
     */
    API_INVALID_KEY_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
    /**
     * How many reverse proxies in front of Equinox append to X-Forwarded-For. 0 (the default): the
     * API's client address is the socket's, and the header is ignored; n: the n-th entry from the
     * right (the address the outermost trusted proxy saw).
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Sign-in emails (magic links) per address per hour, across all instances. */
    MAGIC_LINK_LIMIT_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(5),
    /** Sign-in emails per client IP per hour (the right-most X-Forwarded-For entry), across all instances. */
    MAGIC_LINK_LIMIT_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
    /**
     * Named prepared statements on the API's hot path. Turn off behind a pooler that cannot keep
     * them in transaction mode (PgBouncer before 1.21, or without `max_prepared_statements`).
     */
    DATABASE_PREPARED_STATEMENTS: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((v) => v === undefined || v === "" || v === "true" || v === "1"),
    /** On SIGTERM/SIGINT, how long requests in flight may take to finish before the process stops. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /**
     * Outbound webhooks to private, loopback and link-local addresses (127.0.0.1, 10.x, 192.168.x,
     * ::1, ...). Unset: allowed in development and test (and for a local test server), refused in
     * production, so a dashboard user cannot make the server call into its own network.
     */
    WEBHOOKS_ALLOW_PRIVATE_URLS: z.enum(["true", "false", "1", "0", ""]).optional(),
    /** Set by the test harness: makes the e2e-only helpers available. Never set it in production. */
    EQUINOX_TEST_MODE: booleanFlag,
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc > 0 && oidc < 3) {
      ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three or none" });
    }
    if (env.NODE_ENV === "production" && env.EQUINOX_TEST_MODE && !env.APP_URL.startsWith("http://127.0.0.1") && !env.APP_URL.startsWith("http://localhost")) {
      ctx.addIssue({ code: "custom", path: ["EQUINOX_TEST_MODE"], message: "is only allowed for a local test server" });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee the Configuration section of README.md.`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  return (cached ??= parseEnv(process.env));
}

/**
 * The shutdown grace period for the launcher, which runs before (and without) the app's full
 * configuration; validated by the same rule as the app's.
 */
export function shutdownGraceSeconds(): number {
  const result = envSchema.shape.SHUTDOWN_GRACE_SECONDS.safeParse(process.env.SHUTDOWN_GRACE_SECONDS || undefined);
  if (!result.success) throw new EnvError(`Invalid environment configuration:\n  SHUTDOWN_GRACE_SECONDS: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** Tools (launcher, seed, tests) read their own few variables through here, unvalidated by the app schema. */
export function rawEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** A copy of this process's environment for a child process, with overrides. */
export function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
