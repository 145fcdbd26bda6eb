// A subscription's trial ends in three days (Stripe's customer.subscription.trial_will_end): the
// customer's owner is emailed, through the outbox (one job per plan and trial end).
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";
import { defineStripeHandler } from "../types";
import { TRIAL_ENDING_JOB, type TrialEndingPayload } from "../../lifecycle/billing-jobs";

export const trialWillEnd = defineStripeHandler("customer.subscription.trial_will_end", {
  apply: async (tx, { ctx, event }) => {
    const subscription = event.data.object;
    if (!subscription.trial_end) return;
    const plans = await tx.customerPlan.findMany({ where: { env: ctx.env, stripeSubscriptionId: subscription.id, status: { in: ["active", "scheduled"] } }, select: { id: true } });
    const trialEndsAt = new Date(subscription.trial_end * 1000).toISOString();
    for (const cp of plans) {
      const payload: TrialEndingPayload = { customerPlanId: cp.id, trialEndsAt };
      await enqueueOutboxJob(tx, { env: ctx.env, kind: TRIAL_ENDING_JOB, payload, dedupeKey: `${TRIAL_ENDING_JOB}:${cp.id}:${trialEndsAt}` });
    }
  },
});
