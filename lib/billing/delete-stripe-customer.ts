// Outbox job: delete a Stripe customer after its Equinox customer was deleted with
// `delete_in_stripe`. Stripe cancels the customer's subscriptions when it deletes the customer.
// Enqueued in the deleting transaction, so it happens even if Stripe is down at that moment.
import "server-only";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";

export const STRIPE_CUSTOMER_DELETE_JOB = "stripe.customer.delete";

export type StripeCustomerDeletePayload = { stripeId: string; customerId: string };

export async function deleteStripeCustomerJob(job: OutboxJob): Promise<void> {
  const { stripeId } = job.payload as StripeCustomerDeletePayload;
  try {
    await stripeFor(job.env).customers.del(stripeId);
  } catch (error) {
    // Already gone: done.
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `delete Stripe customer ${stripeId}`);
  }
}
