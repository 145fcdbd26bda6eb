// Billing's answer to LINKED_CUSTOMER_DELETED (lib/outbox/domain-events.ts): delete a Stripe
// customer after its Equinox customer was deleted with `delete_in_stripe`. Stripe cancels the
// customer's subscriptions when it deletes the customer. The event is written in the deleting
// transaction, so this happens even if Stripe is down at that moment.
import "server-only";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { LinkedCustomerDeleted } from "@/lib/outbox/domain-events";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";

export async function deleteStripeCustomerJob(job: OutboxJob): Promise<void> {
  const { stripeId } = job.payload as LinkedCustomerDeleted;
  try {
    await stripeFor(job.env).customers.del(stripeId);
  } catch (error) {
    // Already gone: done.
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `delete Stripe customer ${stripeId}`);
  }
}
