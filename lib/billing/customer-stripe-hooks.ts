// The Stripe side of the customers domain, called from lib/customers at a few marked places:
//   - before a transaction that links `stripe_id`: verifyStripeCustomerForLink (verify-stripe-link.ts);
//   - inside the transaction of a change Stripe should see: enqueueStripeCustomerSync;
//   - inside the transaction of a delete with `delete_in_stripe`: enqueueStripeCustomerDelete;
//   - after the commit of get-or-create: applyStripeOptions (`create_in_stripe`).
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";
import { ensureStripeCustomer } from "./ensure-stripe-customer";
import { STRIPE_CUSTOMER_SYNC_JOB, stripeCustomerSyncKey, type StripeCustomerSyncPayload } from "./sync-stripe-customer";
import { STRIPE_CUSTOMER_DELETE_JOB, type StripeCustomerDeletePayload } from "./delete-stripe-customer";

/** Queues pushing the customer's name, email and id mapping to its Stripe customer (no-op when unlinked). */
export async function enqueueStripeCustomerSync(tx: Tx, ctx: Ctx, customer: Pick<Customer, "id" | "stripeId">): Promise<void> {
  if (!customer.stripeId) return;
  const payload: StripeCustomerSyncPayload = { customerId: customer.id };
  await enqueueOutboxJob(tx, { env: ctx.env, kind: STRIPE_CUSTOMER_SYNC_JOB, payload, dedupeKey: stripeCustomerSyncKey(customer.id) });
}

/** Queues deleting the customer's Stripe customer (no-op when unlinked). */
export async function enqueueStripeCustomerDelete(tx: Tx, ctx: Ctx, customer: Pick<Customer, "id" | "stripeId">): Promise<void> {
  if (!customer.stripeId) return;
  const payload: StripeCustomerDeletePayload = { stripeId: customer.stripeId, customerId: customer.id };
  await enqueueOutboxJob(tx, { env: ctx.env, kind: STRIPE_CUSTOMER_DELETE_JOB, payload, dedupeKey: `${STRIPE_CUSTOMER_DELETE_JOB}:${customer.stripeId}` });
}

export type StripeOptions = { createInStripe?: boolean };

/**
 * After get-or-create committed: `create_in_stripe: true` creates the Stripe customer now (a
 * customer that has one keeps it). If Stripe fails, the call answers stripe_error and the
 * customer stays as committed, unlinked; the same call, repeated, creates it then.
 */
export async function applyStripeOptions(ctx: Ctx, customer: Customer, options: StripeOptions): Promise<Customer> {
  if (!options.createInStripe || customer.stripeId) return customer;
  return ensureStripeCustomer(ctx, customer.id);
}
