// Invoice billing that was waiting starts when both are true: the customer has an id (a pending
// customer was claimed) and the contract's start date has come. Called by the customer.claimed
// subscriber (at once after a claim) and by maintenance (every 10 minutes: start dates).
import "server-only";
import type { Env, Prisma } from "@/lib/generated/prisma";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import type { CustomerClaimed } from "@/lib/outbox/domain-events";
import { db } from "@/lib/db";
import { queueBillingStart } from "./billing-jobs";

const BATCH = 200;

/** Starts the due waiting billing (of these customers, or of every customer of `env`); returns how many started. */
export async function startDueBilling(env: Env, now: Date, customerIds?: string[]): Promise<number> {
  const where: Prisma.CustomerPlanWhereInput = {
    env,
    billingMode: "invoice",
    billingState: "waiting",
    status: { in: ["active", "scheduled"] },
    customer: { externalId: { not: null } },
    OR: [{ termStartsAt: { lte: now } }, { termStartsAt: null, startsAt: { lte: now } }],
    ...(customerIds ? { customerId: { in: customerIds } } : {}),
  };
  const due = await db().customerPlan.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: BATCH });
  let started = 0;
  for (const { id } of due) {
    const moved = await db().$transaction(async (tx) => {
      // Only one caller moves it (a claim and maintenance may race): the job is queued once.
      const claimed = await tx.customerPlan.updateMany({ where: { id, billingState: "waiting" }, data: { billingState: "starting" } });
      if (claimed.count === 1) await queueBillingStart(tx, env, id);
      return claimed.count;
    });
    started += moved;
  }
  return started;
}

/** customer.claimed: the claimed customer's waiting invoice billing starts now (if its start date has come). */
export const startBillingAtClaimSubscriber: OutboxJobHandler = {
  async run(job: OutboxJob) {
    const event = job.payload as CustomerClaimed;
    await startDueBilling(job.env, new Date(), [event.customerId]);
  },
};
