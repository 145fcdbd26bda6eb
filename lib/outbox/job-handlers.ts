// What each kind of outbox job does. A handler must be safe to run more than once for the same
// job (a crash after the work but before the commit runs it again): it reads the current state
// when it runs and makes the other side match it.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { STRIPE_CUSTOMER_DELETE_JOB, deleteStripeCustomerJob } from "@/lib/billing/delete-stripe-customer";
import { STRIPE_CUSTOMER_SYNC_JOB, syncStripeCustomerJob } from "@/lib/billing/sync-stripe-customer";
import { STRIPE_SUBSCRIPTION_CANCEL_JOB, cancelStripeSubscriptionJob } from "@/lib/billing/cancel-stripe-subscription";
import { isStripeRefusal } from "@/lib/billing/stripe-errors";

export type OutboxJob = { id: string; env: Env; kind: string; payload: unknown; attempt: number };

export type OutboxJobHandler = {
  run(job: OutboxJob): Promise<void>;
  /** A failure that retrying cannot fix: the job is marked failed at once. */
  isPermanent?(error: unknown): boolean;
};

export const jobHandlers: Record<string, OutboxJobHandler> = {
  [STRIPE_CUSTOMER_SYNC_JOB]: { run: syncStripeCustomerJob, isPermanent: isStripeRefusal },
  [STRIPE_CUSTOMER_DELETE_JOB]: { run: deleteStripeCustomerJob, isPermanent: isStripeRefusal },
  [STRIPE_SUBSCRIPTION_CANCEL_JOB]: { run: cancelStripeSubscriptionJob, isPermanent: isStripeRefusal },
};
