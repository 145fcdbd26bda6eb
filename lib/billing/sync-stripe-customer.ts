// Billing's answer to LINKED_CUSTOMER_CHANGED (lib/outbox/domain-events.ts): make the Stripe
// customer match the Equinox customer (name, email, and the metadata that maps it back). The
// customers area emits the event in the transaction of every change Stripe should see: a name or
// email edit, a claim (the pending customer gets its id), a new link to an existing Stripe
// customer. It reads the row when it runs, so it always pushes the latest state, and running it
// twice changes nothing.
import "server-only";
import { db } from "@/lib/db";
import { findCustomerById } from "@/lib/customers/customer-queries";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { LinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";
import { stripeCustomerUpdateParams } from "./stripe-customer-fields";

export async function syncStripeCustomerJob(job: OutboxJob): Promise<void> {
  const { customerId } = job.payload as LinkedCustomerChanged;
  const customer = await findCustomerById(db(), job.env, customerId);
  // Deleted or unlinked since: there is nothing left to sync.
  if (!customer?.stripeId) return;
  try {
    await stripeFor(job.env).customers.update(customer.stripeId, stripeCustomerUpdateParams(customer));
  } catch (error) {
    // Deleted in Stripe: the customer.deleted webhook unlinks it; nothing to push meanwhile.
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `update Stripe customer ${customer.stripeId}`);
  }
}
