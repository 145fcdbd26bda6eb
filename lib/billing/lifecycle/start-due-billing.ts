// Invoice billing that was waiting starts when both are true: the customer has an id (a pending
// customer was claimed) and the contract's start date has come. Called by the customer.claimed
// subscriber (at once after a claim) and by maintenance (every 10 minutes: start dates).
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import type { CustomerClaimed } from "@/lib/outbox/domain-events";
import { db, pool } from "@/lib/db";
import { queueBillingStart } from "./billing-jobs";

const BATCH = 200;

// The due waiting billing: invoice plans waiting to bill, active or scheduled, of a customer with
// an id, whose term (or, without one, the plan) has started. One prepared read: the claim's
// subscriber runs it after every claim, and the ORM's query compiler cost more than the read (it
// almost always finds nothing). Two texts, so the claim's (by customer) uses customer_plans'
// customer index in its generic plan.
const DUE_WHERE = `cp.env = $1::"Env" and cp.billing_mode = 'invoice' and cp.billing_state = 'waiting'
     and cp.status in ('active'::"CustomerPlanStatus", 'scheduled'::"CustomerPlanStatus")
     and exists (select 1 from customers c where c.id = cp.customer_id and c.external_id is not null)
     and (cp.term_starts_at <= $2::timestamptz or (cp.term_starts_at is null and cp.starts_at <= $2::timestamptz))`;
const DUE_OF_ENV = `select cp.id from customer_plans cp where ${DUE_WHERE} order by cp.id limit ${BATCH}`;
const DUE_OF_CUSTOMERS = `select cp.id from customer_plans cp where cp.customer_id = any($3::text[]) and ${DUE_WHERE} order by cp.id limit ${BATCH}`;

async function dueWaitingPlans(env: Env, now: Date, customerIds?: string[]): Promise<{ id: string }[]> {
  const { rows } = await pool().query<{ id: string }>(
    customerIds
      ? { name: "equinox_due_waiting_billing_of_customers", text: DUE_OF_CUSTOMERS, values: [env, now.toISOString(), customerIds] }
      : { name: "equinox_due_waiting_billing", text: DUE_OF_ENV, values: [env, now.toISOString()] },
  );
  return rows;
}

/** Starts the due waiting billing (of these customers, or of every customer of `env`); returns how many started. */
export async function startDueBilling(env: Env, now: Date, customerIds?: string[]): Promise<number> {
  const due = await dueWaitingPlans(env, now, customerIds);
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
