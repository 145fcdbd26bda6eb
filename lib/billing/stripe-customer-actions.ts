// The dashboard's "Create in Stripe" and "Link Stripe customer" on a customer's page.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { customerExists } from "@/lib/customers/customer-queries";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { updateCustomerRecord } from "@/lib/customers/update-customer";
import { ensureStripeCustomer } from "./ensure-stripe-customer";
import { linkStripeCustomerInput, stripeLinkInput, type LinkStripeCustomerInput, type StripeLinkInput } from "./schemas";

/** Creates the customer's Stripe customer now (the existing one when it has one). */
export async function createStripeCustomerNow(ctx: Ctx, input: StripeLinkInput): Promise<Customer> {
  authorize(ctx, "customers:write");
  const { customerId } = stripeLinkInput.parse(input);
  return ensureStripeCustomer(ctx, customerId);
}

/**
 * Links the customer to an existing Stripe customer: the same rules as `stripe_id` in the API
 * (it must exist and not be deleted; it must not be linked to another customer), because it is
 * the same update.
 */
export async function linkStripeCustomer(ctx: Ctx, input: LinkStripeCustomerInput): Promise<Customer> {
  authorize(ctx, "customers:write");
  const { customerId, stripeId } = linkStripeCustomerInput.parse(input);
  if (!(await customerExists(db(), ctx.env, customerId))) throw customerNotFound(customerId);
  return updateCustomerRecord(ctx, { customer_id: customerId, stripe_id: stripeId });
}
