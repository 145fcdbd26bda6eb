// Before a customer is linked to an existing Stripe customer (`stripe_id` on get-or-create,
// update, or the dashboard's "Link Stripe customer"), Stripe is asked whether that customer
// exists. The link is only saved when it does, so no customer is ever linked to nothing.
// (Linked to another customer of this environment → 409: the customers table's unique index.)
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";
import { stripeCustomerToLinkDeleted, stripeCustomerToLinkMissing } from "./errors";

export async function verifyStripeCustomerForLink(environment: Env, stripeId: string): Promise<void> {
  let found;
  try {
    found = await stripeFor(environment).customers.retrieve(stripeId);
  } catch (error) {
    if (isStripeResourceMissing(error)) throw stripeCustomerToLinkMissing(environment, stripeId);
    throw toStripeDomainError(error, environment, `look up Stripe customer ${stripeId}`);
  }
  if (found.deleted) {
    throw stripeCustomerToLinkDeleted(stripeId);
  }
}
