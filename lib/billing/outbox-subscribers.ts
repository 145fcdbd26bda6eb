// The domain events billing reacts to, and how: registered with the outbox at the composition
// point (lib/composition/wire-areas.ts). A refusal by Stripe is permanent (retrying the same
// request cannot help); anything else is retried with backoff.
import "server-only";
import type { OutboxJobHandler } from "@/lib/outbox/job-handlers";
import { LINKED_CUSTOMER_CHANGED, LINKED_CUSTOMER_DELETED, SUBSCRIBED_PLAN_ENDED, type DomainEventKind } from "@/lib/outbox/domain-events";
import { syncStripeCustomerJob } from "./sync-stripe-customer";
import { deleteStripeCustomerJob } from "./delete-stripe-customer";
import { cancelStripeSubscriptionJob } from "./cancel-stripe-subscription";
import { isStripeRefusal } from "./stripe-errors";
import { PLAN_ITEM_CHECK_JOB, REFUND_LAST_PAYMENT_JOB, RENEWAL_REMINDER_JOB, START_BILLING_JOB, TRIAL_ENDING_JOB } from "./lifecycle/billing-jobs";
import { planItemCheckJob } from "./changes/plan-item-check";
import { refundLastPaymentJob } from "./refund-last-payment";
import { startBillingJob } from "./lifecycle/start-billing";
import { renewalReminderJob, trialEndingJob } from "./contracts/owner-emails";

export const billingOutboxSubscribers: Record<DomainEventKind, OutboxJobHandler> = {
  [LINKED_CUSTOMER_CHANGED]: { run: syncStripeCustomerJob, isPermanent: isStripeRefusal },
  [LINKED_CUSTOMER_DELETED]: { run: deleteStripeCustomerJob, isPermanent: isStripeRefusal },
  [SUBSCRIBED_PLAN_ENDED]: { run: cancelStripeSubscriptionJob, isPermanent: isStripeRefusal },
};

/** Billing's own jobs (lib/billing/lifecycle/billing-jobs.ts): written by billing, run by billing. */
export const billingLifecycleJobs: Record<string, OutboxJobHandler> = {
  [START_BILLING_JOB]: { run: startBillingJob, isPermanent: isStripeRefusal },
  [REFUND_LAST_PAYMENT_JOB]: { run: refundLastPaymentJob, isPermanent: isStripeRefusal },
  [PLAN_ITEM_CHECK_JOB]: { run: planItemCheckJob, isPermanent: isStripeRefusal },
  [RENEWAL_REMINDER_JOB]: { run: renewalReminderJob },
  [TRIAL_ENDING_JOB]: { run: trialEndingJob },
};
