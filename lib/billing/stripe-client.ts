// The one place that makes Stripe clients. Each environment has its own key: a test-mode key for
// sandbox and a live-mode key for live, so a sandbox customer can never reach live Stripe.
// STRIPE_API_BASE points the SDK at another server (the local emulator). Clients are made lazily,
// on first use, from env(): tests and scripts set the environment first.
import "server-only";
import Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";

/** The API version the code is written against: the one the pinned SDK (stripe@23.1.0) ships with. */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

/**
 * Requests run while a person or an API call waits, and some inside a database transaction that
 * holds a row lock, so they must end quickly: 8 s per attempt. One automatic retry: every POST
 * carries an idempotency key (ours, or the SDK's own), so a retried request never acts twice.
 */
const REQUEST_TIMEOUT_MS = 8_000;
const MAX_NETWORK_RETRIES = 1;

const clients = new Map<string, Stripe>();

export const STRIPE_KEY_VARIABLE: Record<Env, string> = { sandbox: "STRIPE_SECRET_KEY_SANDBOX", live: "STRIPE_SECRET_KEY_LIVE" };

function secretKeyFor(environment: Env): string | undefined {
  const config = env();
  return environment === "live" ? config.STRIPE_SECRET_KEY_LIVE : config.STRIPE_SECRET_KEY_SANDBOX;
}

/** Whether Stripe is configured for this environment (a key is set). */
export function stripeConfigured(environment: Env): boolean {
  return secretKeyFor(environment) !== undefined;
}

/** host/port/protocol for the SDK from STRIPE_API_BASE (any path in it is ignored, as the SDK does). */
export function apiBaseOptions(base: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/** The Stripe client of an environment. Throws stripe_error (502) when it has no key. */
export function stripeFor(environment: Env): Stripe {
  const key = secretKeyFor(environment);
  if (!key) {
    throw new DomainError(
      "stripe_error",
      `Stripe is not configured for the ${environment} environment: set ${STRIPE_KEY_VARIABLE[environment]} (see the Stripe section of README.md)`,
      { status: 502 },
    );
  }
  const base = env().STRIPE_API_BASE;
  const cacheKey = `${environment}|${key}|${base ?? ""}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(key, {
      apiVersion: STRIPE_API_VERSION,
      timeout: REQUEST_TIMEOUT_MS,
      maxNetworkRetries: MAX_NETWORK_RETRIES,
      telemetry: false,
      appInfo: { name: "Equinox" },
      ...apiBaseOptions(base),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/** The webhook signing secrets to try, with the environment each one means. */
export function webhookSecrets(): { env: Env; secret: string }[] {
  const config = env();
  const secrets: { env: Env; secret: string }[] = [];
  if (config.STRIPE_WEBHOOK_SECRET_SANDBOX) secrets.push({ env: "sandbox", secret: config.STRIPE_WEBHOOK_SECRET_SANDBOX });
  if (config.STRIPE_WEBHOOK_SECRET_LIVE) secrets.push({ env: "live", secret: config.STRIPE_WEBHOOK_SECRET_LIVE });
  return secrets;
}

/** Whether the SDK talks to the local emulator rather than Stripe itself. */
export function usingStripeEmulator(): boolean {
  return env().STRIPE_API_BASE !== undefined;
}
