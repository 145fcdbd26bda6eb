// The domain events one area writes to the outbox for another to react to, in the transaction of
// the change itself (so an event exists if and only if its change committed). The area that
// changes something emits; the area that cares subscribes (its handler is registered for the
// event's kind at the composition point, lib/composition/wire-areas.ts). Emitters never import
// their subscribers: customers and plans know nothing of Stripe, billing listens.
//
// The kind strings are stored in outbox_jobs and name what billing does about the event; they
// predate the events and stay as they are, so that jobs still pending in a database run after an
// upgrade.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { enqueueOutboxJob, writeOutboxJobs, type OutboxJobInput } from "./enqueue-outbox-job";

/** A Stripe-linked customer's name, email, id or Stripe link changed (or it was claimed). */
export const LINKED_CUSTOMER_CHANGED = "stripe.customer.sync";
export type LinkedCustomerChanged = { customerId: string };
/** Only the latest change of a customer matters: the subscriber reads the row when it runs. */
export const linkedCustomerChangedKey = (customerId: string) => `${LINKED_CUSTOMER_CHANGED}:${customerId}`;

/** A Stripe-linked customer was deleted and asked for its Stripe customer to go too (`delete_in_stripe`). */
export const LINKED_CUSTOMER_DELETED = "stripe.customer.delete";
export type LinkedCustomerDeleted = { stripeId: string; customerId: string };

/** A customer plan billed by a Stripe subscription ended (canceled, removed, or replaced). */
export const SUBSCRIBED_PLAN_ENDED = "stripe.subscription.cancel";
export type SubscribedPlanEnded = { subscriptionId: string };

/**
 * A pending customer (no id yet) was claimed: at sign-in by its email, through an invitation, or
 * through the API (get-or-create by email). Exactly one per claim, written by the one claim
 * function (lib/customers/claim-customer.ts) in the claiming transaction, whichever path claimed.
 */
export const CUSTOMER_CLAIMED = "customer.claimed";
export type CustomerClaimed = {
  customerId: string;
  /** The id the customer got. */
  externalId: string;
  email: string | null;
  /** The email on record before the claim, when the claim changed it (an invitation accepted with another verified address). */
  previousEmail: string | null;
  /** How it was matched (lib/customers/claim-match.ts): `email_at_sign_in`, `invitation` or `api`. */
  matchedBy: string;
  ownerId: string | null;
  invitationId: string | null;
  claimedAt: string;
};
/**
 * The subscribers of CUSTOMER_CLAIMED, each by the outbox job kind it handles: one claim writes one
 * job per subscriber, all with the same payload, so each is retried on its own (a webhook endpoint
 * that is down never sends the owner's alert twice), except a subscriber whose `wanted` says it
 * has nothing to do (job-handlers.ts). To subscribe, add a kind here and register its handler in
 * lib/composition/wire-areas.ts.
 */
export const CUSTOMER_CLAIMED_SUBSCRIBERS = {
  /** The owner's email (lib/customers/claim-alert.ts). */
  ownerAlert: "customer.claimed.owner_alert",
  /** `customer.claimed` to the environment's webhook endpoints (lib/webhooks-out/outbox-subscribers.ts). */
  webhooks: "customer.claimed.webhooks",
  /** Invoice billing that waited for the claim starts (lib/billing/lifecycle/start-due-billing.ts). */
  startBilling: "customer.claimed.start_billing",
} as const;

/**
 * A customer was merged into another (lib/customers/merge-customers.ts), in the merging
 * transaction: the survivor changed (`customer.updated` for outbound webhooks) and the merged
 * customer is gone, its ids now answering as the survivor.
 */
export const CUSTOMER_MERGED = "customer.merged";
export type CustomerMerged = {
  survivorId: string;
  survivorExternalId: string | null;
  mergedId: string;
  mergedExternalId: string | null;
  mergedAt: string;
};
/** The subscribers of CUSTOMER_MERGED, by the outbox job kind each handles (as CUSTOMER_CLAIMED_SUBSCRIBERS). */
export const CUSTOMER_MERGED_SUBSCRIBERS: Record<string, string> = {
  /** `customer.updated` (the survivor) to the environment's webhook endpoints (lib/webhooks-out/outbox-subscribers.ts). */
  webhooks: "customer.merged.webhooks",
};

// Public events (customer.created, customer.updated, customer.plan.*, balance.limit_reached) for
// outbound webhooks: lib/outbox/public-events.ts.

export const DOMAIN_EVENT_KINDS = [LINKED_CUSTOMER_CHANGED, LINKED_CUSTOMER_DELETED, SUBSCRIBED_PLAN_ENDED] as const;
export type DomainEventKind = (typeof DOMAIN_EVENT_KINDS)[number];

/** In the transaction of a change Stripe should see. No event for a customer without a Stripe link. */
export async function emitLinkedCustomerChanged(tx: Tx, env: Env, customer: { id: string; stripeId: string | null }): Promise<void> {
  if (!customer.stripeId) return;
  const payload: LinkedCustomerChanged = { customerId: customer.id };
  await enqueueOutboxJob(tx, { env, kind: LINKED_CUSTOMER_CHANGED, payload, dedupeKey: linkedCustomerChangedKey(customer.id) });
}

/** In the deleting transaction, when the delete asked for the Stripe customer to go too. */
export async function emitLinkedCustomerDeleted(tx: Tx, env: Env, customer: { id: string; stripeId: string | null }): Promise<void> {
  if (!customer.stripeId) return;
  const payload: LinkedCustomerDeleted = { stripeId: customer.stripeId, customerId: customer.id };
  await enqueueOutboxJob(tx, { env, kind: LINKED_CUSTOMER_DELETED, payload, dedupeKey: `${LINKED_CUSTOMER_DELETED}:${customer.stripeId}` });
}

/** In the transaction that ends a customer plan. No event for a plan no subscription bills. */
export async function emitSubscribedPlanEnded(tx: Tx, env: Env, customerPlan: { stripeSubscriptionId: string | null }): Promise<void> {
  const subscriptionId = customerPlan.stripeSubscriptionId;
  if (!subscriptionId) return;
  const payload: SubscribedPlanEnded = { subscriptionId };
  await enqueueOutboxJob(tx, { env, kind: SUBSCRIBED_PLAN_ENDED, payload, dedupeKey: `${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}` });
}

/** In the claiming transaction: a job per subscriber of CUSTOMER_CLAIMED that has something to do (its `wanted`). */
export async function emitCustomerClaimed(tx: Tx, env: Env, event: CustomerClaimed): Promise<void> {
  await writeOutboxJobs(tx, customerClaimedJobs(env, event));
}

/** The jobs of one CUSTOMER_CLAIMED (the one-statement claim writes these with outboxJobsInsert). */
export function customerClaimedJobs(env: Env, event: CustomerClaimed): OutboxJobInput[] {
  return Object.values(CUSTOMER_CLAIMED_SUBSCRIBERS).map((kind) => ({ env, kind, payload: event, dedupeKey: `${kind}:${event.customerId}` }));
}

/** In the merging transaction: one job per subscriber of CUSTOMER_MERGED. */
export async function emitCustomerMerged(tx: Tx, env: Env, event: CustomerMerged): Promise<void> {
  for (const kind of Object.values(CUSTOMER_MERGED_SUBSCRIBERS)) {
    await enqueueOutboxJob(tx, { env, kind, payload: event, dedupeKey: `${kind}:${event.mergedId}` });
  }
}
