// What the shell says about Stripe for the selected environment, from the configuration only.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { env } from "@/lib/env";

export type StripeMode = "emulator" | "test" | "live";

/** null when Stripe is not configured for this environment (the shell then shows nothing). */
export function stripeModeFor(environment: Env): StripeMode | null {
  const config = env();
  if (config.STRIPE_API_BASE) return "emulator";
  const key = environment === "live" ? config.STRIPE_SECRET_KEY_LIVE : config.STRIPE_SECRET_KEY_SANDBOX;
  if (!key) return null;
  return key.startsWith("sk_live_") ? "live" : "test";
}
