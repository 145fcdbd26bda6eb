// Before a customer is linked to an existing Stripe customer (`stripe_id` on get-or-create,
// update, or the dashboard's "Link Stripe customer"), Stripe is asked whether that customer
// exists. The link is only saved when it does, so no customer is ever linked to nothing.
// (Linked to another customer of this environment → 409: the customers table's unique index.)
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";

const modeName = (environment: Env) => (environment === "live" ? "live mode" : "test mode");

export async function verifyStripeCustomerForLink(environment: Env, stripeId: string): Promise<void> {
  let found;
  try {
    found = await stripeFor(environment).customers.retrieve(stripeId);
  } catch (error) {
    if (isStripeResourceMissing(error)) {
      throw new DomainError("stripe_error", `stripe_id: no Stripe customer ${stripeId} exists in Stripe ${modeName(environment)}`, {
        status: 400,
        field: "stripe_id",
      });
    }
    throw toStripeDomainError(error, environment, `look up Stripe customer ${stripeId}`);
  }
  if (found.deleted) {
    throw new DomainError("stripe_error", `stripe_id: Stripe customer ${stripeId} was deleted in Stripe and cannot be linked`, { status: 400, field: "stripe_id" });
  }
}
