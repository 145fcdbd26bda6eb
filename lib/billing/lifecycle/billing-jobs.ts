// Billing's own outbox jobs (billing writes them, billing runs them; registered with the outbox in
// lib/billing/outbox-subscribers.ts). Each is written in the transaction of the change it follows,
// so a Stripe outage never loses it: the outbox retries with backoff.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";

/** Create the Stripe customer and subscription of a customer plan whose billing_state is `starting`. */
export const START_BILLING_JOB = "billing.subscription.start";
/**
 * `customerPlanIds`: billing.multi_attach's plans billed together on ONE subscription (one item
 * each, one invoice); customerPlanId is the first of them, the one the subscription's metadata names.
 */
export type StartBillingPayload = { customerPlanId: string; customerPlanIds?: string[] };

/** Email the customer's owner that a contract ends soon (once per term). */
export const RENEWAL_REMINDER_JOB = "billing.contract.renewal_reminder";
export type RenewalReminderPayload = { customerPlanId: string; endsAt: string };

/** Email the customer's owner that a subscription's trial ends soon (customer.subscription.trial_will_end). */
export const TRIAL_ENDING_JOB = "billing.trial.ending_alert";
export type TrialEndingPayload = { customerPlanId: string; trialEndsAt: string };

/** Marks the plan(s) `starting` and queues the job that starts their billing in Stripe (one subscription). */
export async function queueBillingStart(tx: Tx, env: Env, customerPlanId: string, together?: string[]): Promise<void> {
  const ids = together && together.length > 1 ? together : [customerPlanId];
  await tx.customerPlan.updateMany({ where: { id: { in: ids } }, data: { billingState: "starting" } });
  const payload: StartBillingPayload = ids.length > 1 ? { customerPlanId, customerPlanIds: ids } : { customerPlanId };
  await enqueueOutboxJob(tx, { env, kind: START_BILLING_JOB, payload, dedupeKey: `${START_BILLING_JOB}:${customerPlanId}` });
}

/**
 * Refund the last payment of a plan canceled at once (billing.update cancel_immediately with
 * refund_last_payment): all of it, or the part of its period left after `at`. Written in the
 * transaction that ends the plan; one per customer plan.
 */
export const REFUND_LAST_PAYMENT_JOB = "billing.payment.refund_last";
export type RefundLastPaymentPayload = { customerPlanId: string; subscriptionId: string; mode: "prorated" | "full"; at: string };

export async function queueRefundLastPayment(tx: Tx, env: Env, payload: RefundLastPaymentPayload): Promise<void> {
  await enqueueOutboxJob(tx, { env, kind: REFUND_LAST_PAYMENT_JOB, payload, dedupeKey: `${REFUND_LAST_PAYMENT_JOB}:${payload.customerPlanId}` });
}

/**
 * Check, once a change's Stripe calls are surely over, that a plan's item on a subscription billing
 * several plans agrees with the plan (lib/billing/changes/plan-item-check.ts): a change that stops
 * or resumes a plan's billing there takes several Stripe calls and a transaction, and a failure
 * between them (Stripe down, the database refusing) would leave the plan billed though canceled,
 * or not billed though renewing. Written before the first of those calls; a later change of the
 * same plan replaces it (one check per plan, the latest).
 */
export const PLAN_ITEM_CHECK_JOB = "billing.subscription.plan_item_check";
export type PlanItemCheckPayload = { customerPlanId: string };
/** Longer than a change's Stripe calls can take (each at most 8 s, retried once). */
export const PLAN_ITEM_CHECK_DELAY_MS = 10 * 60 * 1000;

export async function queuePlanItemCheck(tx: Tx, env: Env, customerPlanId: string): Promise<void> {
  const payload: PlanItemCheckPayload = { customerPlanId };
  await enqueueOutboxJob(tx, { env, kind: PLAN_ITEM_CHECK_JOB, payload, dedupeKey: `${PLAN_ITEM_CHECK_JOB}:${customerPlanId}`, runAfter: new Date(Date.now() + PLAN_ITEM_CHECK_DELAY_MS) });
}
