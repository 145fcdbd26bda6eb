// Links from the dashboard to a customer in Stripe: Stripe's own dashboard (test mode for
// sandbox), or, when the SDK talks to the local emulator, the emulator's state page (its API
// needs a key, which a link cannot carry).
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { env } from "@/lib/env";

export function stripeCustomerUrl(environment: Env, stripeId: string): string {
  const base = env().STRIPE_API_BASE;
  if (base) return `${base.replace(/\/+$/, "")}/_emulator/state`;
  return `https://dashboard.stripe.com/${environment === "sandbox" ? "test/" : ""}customers/${encodeURIComponent(stripeId)}`;
}
