// Invoice billing that was waiting starts when both are true: the customer has an id (a pending
// customer was claimed) and the contract's start date has come. Called by the customer.claimed
// subscriber (at once after a claim) and by maintenance (every 10 minutes: start dates).
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import type { CustomerClaimed } from "@/lib/outbox/domain-events";
import { db, pool } from "@/lib/db";
import { queueBillingStart } from "./billing-jobs";

const BATCH = 200;

// The due waiting billing: invoice plans waiting to bill, active or scheduled, of a customer with
// an id, whose term (or, without one, the plan) has started. One prepared read: the claim's
// subscriber runs it after each claim of a customer with billing waiting, and the ORM's query
// compiler cost more than the read. Two texts, so the claim's (by customer) uses customer_plans'
// customer index in its generic plan.
const WAITING = `cp.billing_mode = 'invoice' and cp.billing_state = 'waiting'
     and cp.status in ('active'::"CustomerPlanStatus", 'scheduled'::"CustomerPlanStatus")`;
const DUE_WHERE = `cp.env = $1::"Env" and ${WAITING}
     and exists (select 1 from customers c where c.id = cp.customer_id and c.external_id is not null)
     and (cp.term_starts_at <= $2::timestamptz or (cp.term_starts_at is null and cp.starts_at <= $2::timestamptz))`;
const DUE_OF_ENV = `select cp.id, cp.customer_id as "customerId" from customer_plans cp where ${DUE_WHERE} order by cp.id limit ${BATCH}`;
const DUE_OF_CUSTOMERS = `select cp.id, cp.customer_id as "customerId" from customer_plans cp where cp.customer_id = any($3::text[]) and ${DUE_WHERE} order by cp.id limit ${BATCH}`;

type DuePlan = { id: string; customerId: string };

async function dueWaitingPlans(env: Env, now: Date, customerIds?: string[]): Promise<DuePlan[]> {
  const { rows } = await pool().query<DuePlan>(
    customerIds
      ? { name: "equinox_due_waiting_billing_of_customers", text: DUE_OF_CUSTOMERS, values: [env, now.toISOString(), customerIds] }
      : { name: "equinox_due_waiting_billing", text: DUE_OF_ENV, values: [env, now.toISOString()] },
  );
  return rows;
}

/** Starts the due waiting billing (of these customers, or of every customer of `env`); returns how many started. */
export async function startDueBilling(env: Env, now: Date, customerIds?: string[]): Promise<number> {
  return startWaitingPlans(env, await dueWaitingPlans(env, now, customerIds), now);
}

async function startWaitingPlans(env: Env, due: DuePlan[], now: Date): Promise<number> {
  let started = 0;
  for (const { id } of due) {
    const moved = await db().$transaction(async (tx) => {
      // Only one caller moves it (a claim and maintenance may race): the job is queued once.
      const [claimed] = await tx.customerPlan.updateManyAndReturn({
        where: { id, env, billingState: "waiting" },
        data: { billingState: "starting" },
        select: { id: true, customerId: true, billedWithId: true, createdAt: true },
      });
      if (!claimed) return 0;
      if (!claimed.billedWithId) {
        await queueBillingStart(tx, env, id);
        return 1;
      }
      // Attached together by billing.multi_attach (enable-billed-plan.ts): the group's members
      // that are due now start with it, on ONE job (one subscription, one item each). Each member
      // is moved by one statement only (waiting -> starting), so a racing caller claims none of
      // them twice, and the members later in `due` find theirs started. A member that starts at
      // another time (a replacement at an outgoing plan's period end, a later start date) is not
      // due now: it starts when it is, on a subscription of its own, as it did before the group.
      // The customer is the claimed plan's, which has an id (it was due), so DUE_WHERE's check holds.
      const members = await tx.customerPlan.updateManyAndReturn({
        where: {
          env,
          customerId: claimed.customerId,
          billedWithId: claimed.billedWithId,
          id: { not: id },
          billingMode: "invoice",
          billingState: "waiting",
          status: { in: ["active", "scheduled"] },
          OR: [{ termStartsAt: { lte: now } }, { termStartsAt: null, startsAt: { lte: now } }],
        },
        data: { billingState: "starting" },
        select: { id: true, customerId: true, billedWithId: true, createdAt: true },
      });
      // The lead first (the subscription's metadata names it), then in the order they were attached.
      const ids = [claimed, ...members]
        .sort((a, b) => Number(b.id === b.billedWithId) - Number(a.id === a.billedWithId) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
        .map((cp) => cp.id);
      await queueBillingStart(tx, env, ids[0]!, ids);
      return ids.length;
    });
    started += moved;
  }
  return started;
}

/** customer.claimed: the claimed customer's waiting invoice billing starts now (if its start date has come). */
export const startBillingAtClaimSubscriber: OutboxJobHandler = {
  // Only a customer with billing waiting gets the job (most claims have none). One whose start
  // date is still to come gets it too and it finds nothing due: maintenance starts it on the day.
  // The one-statement claim decides this on the database as its statement began: invoice billing
  // enabled for the customer while that statement waited on the row's lock is not seen, and
  // maintenance (every 10 minutes, runContractsOnce) starts it instead of this job.
  wanted: (job) =>
    Prisma.sql`exists (select 1 from customer_plans cp where cp.customer_id = ${(job.payload as CustomerClaimed).customerId}
                 and cp.env = ${job.env}::"Env" and ${Prisma.raw(WAITING)})`,
  async run(job: OutboxJob) {
    const event = job.payload as CustomerClaimed;
    await startDueBilling(job.env, new Date(), [event.customerId]);
  },
  // A pass's claims (of one environment) are looked up in one read; each job then starts its
  // customer's, as it would alone. A read that may have been cut at BATCH rows answers nothing:
  // the jobs then read on their own.
  async prepare(jobs: OutboxJob[]) {
    const now = new Date();
    const dueByEnv = new Map<Env, DuePlan[]>();
    for (const env of new Set(jobs.map((job) => job.env))) {
      const ids = jobs.filter((job) => job.env === env).map((job) => (job.payload as CustomerClaimed).customerId);
      const due = await dueWaitingPlans(env, now, ids);
      if (due.length < BATCH) dueByEnv.set(env, due);
    }
    return (job: OutboxJob) => {
      const due = dueByEnv.get(job.env);
      if (!due) return undefined;
      const customerId = (job.payload as CustomerClaimed).customerId;
      return startWaitingPlans(job.env, due.filter((plan) => plan.customerId === customerId), now).then(() => undefined);
    };
  },
};
