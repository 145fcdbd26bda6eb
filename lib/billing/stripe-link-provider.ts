// Billing's side of the customers area's Stripe port (lib/customers/stripe-link-port.ts).
import "server-only";
import type { StripeLinkProvider } from "@/lib/customers/stripe-link-port";
import { verifyStripeCustomerForLink } from "./verify-stripe-link";
import { ensureStripeCustomer } from "./ensure-stripe-customer";

export const stripeLinkProvider: StripeLinkProvider = {
  verifyStripeCustomer: verifyStripeCustomerForLink,
  createInStripe: ensureStripeCustomer,
};
