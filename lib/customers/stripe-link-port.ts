// What the customers area asks of Stripe without importing billing (billing sits above it and
// listens to the customers' outbox events; see lib/outbox/domain-events.ts). Two answers are
// needed while the request is still open, so they cannot be events:
//   - before a transaction that links `stripe_id`: does Stripe have that customer? (400 otherwise)
//   - after the commit, `create_in_stripe: true`: the Stripe customer, made now.
// Billing provides both (lib/billing/stripe-link-provider.ts), wired at one composition point
// (lib/composition/wire-areas.ts).
//
// Kept on globalThis: a Next.js server loads this module once per bundle layer (route handlers,
// pages, instrumentation), and the provider wired at start-up must be seen by every copy. That is
// safe here because neither call touches the caller's transaction: each uses its own connection.
import "server-only";
import type { Customer, Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";

export type StripeLinkProvider = {
  /** Throws stripe_error (400) unless Stripe has a live customer `stripeId` in this environment's mode. */
  verifyStripeCustomer(env: Env, stripeId: string): Promise<void>;
  /** The customer (internal id) with a Stripe customer: the one it has, else a new one; the updated row. */
  createInStripe(ctx: Ctx, customerId: string): Promise<Customer>;
};

type PortGlobals = { __equinoxStripeLinkProvider?: StripeLinkProvider };
const globals = globalThis as typeof globalThis & PortGlobals;

export function provideStripeLinks(provider: StripeLinkProvider): void {
  globals.__equinoxStripeLinkProvider = provider;
}

export function stripeLinks(): StripeLinkProvider {
  const provider = globals.__equinoxStripeLinkProvider;
  if (!provider) {
    throw new Error('No Stripe link provider: this entry point must import "@/lib/composition/wire-areas" (instrumentation.ts does for the server)');
  }
  return provider;
}
