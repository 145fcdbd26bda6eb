// Contracts over time, run by maintenance (lib/maintenance, every 10 minutes; tests call it once):
//   - waiting invoice billing starts at its contract's start date (start-due-billing.ts);
//   - a contract that renews gets its next term of the same length before its end date comes (a
//     day ahead: the plans area expires a plan lazily, on the first read after ends_at, and a
//     renewal must come first); its Stripe subscription simply continues;
//   - a contract that ends expires at ends_at (the plans area's own expiry; the group's default
//     plan then applies) and its Stripe subscription is canceled (SUBSCRIBED_PLAN_ENDED);
//   - the customer's owner is reminded renewal_reminder_days before ends_at, once per term.
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { applyDueChanges } from "@/lib/plans/apply-due-changes";
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { startDueBilling } from "../lifecycle/start-due-billing";
import { RENEWAL_REMINDER_JOB, type RenewalReminderPayload } from "../lifecycle/billing-jobs";
import { nextTermEnd } from "./contract-term";

const ENVS: Env[] = ["sandbox", "live"];
const BATCH = 200;
/** How long before ends_at a renewing contract gets its next term (see above). */
export const RENEWAL_LEAD_MS = 24 * 60 * 60_000;

export const CONTRACT_AUDIT = { renewed: "customer_plan.contract_renewed" } as const;

export type ContractRun = { billingStarted: number; renewed: number; ended: number; billingEnded: number; reminded: number };

export async function runContractsOnce(now: Date = new Date()): Promise<ContractRun> {
  const run: ContractRun = { billingStarted: 0, renewed: 0, ended: 0, billingEnded: 0, reminded: 0 };
  for (const env of ENVS) {
    run.billingStarted += await startDueBilling(env, now);
    run.renewed += await renewContracts(env, now);
    run.ended += await endContracts(env, now);
    run.billingEnded += await endBillingOfEndedPlans(env);
    run.reminded += await remindOwners(env, now);
  }
  return run;
}

async function renewContracts(env: Env, now: Date): Promise<number> {
  const due = await db().customerPlan.findMany({
    // A cancelled contract (cancel at period end) ends at its end date instead of renewing.
    where: { env, status: "active", onContractEnd: "renew", cancelAtPeriodEnd: false, endsAt: { lte: new Date(now.getTime() + RENEWAL_LEAD_MS) } },
    include: { plan: { select: { planId: true } } },
    orderBy: { id: "asc" },
    take: BATCH,
  });
  const ctx = systemCtx(env, "Contracts");
  let renewed = 0;
  for (const cp of due) {
    let termStart = cp.termStartsAt ?? cp.startsAt;
    let termEnd = cp.endsAt!;
    // Catch up when maintenance did not run for a while: the term that contains `now`'s lead.
    do {
      const next = nextTermEnd(termStart, termEnd);
      [termStart, termEnd] = [termEnd, next];
    } while (termEnd.getTime() <= now.getTime() + RENEWAL_LEAD_MS);
    const done = await db().$transaction(async (tx) => {
      // Conditional on the end date read: a concurrent run or an edit in between wins.
      const moved = await tx.customerPlan.updateMany({
        where: { id: cp.id, status: "active", endsAt: cp.endsAt, onContractEnd: "renew", cancelAtPeriodEnd: false },
        data: { endsAt: termEnd, termStartsAt: termStart, renewalRemindedAt: null },
      });
      if (moved.count === 0) return 0;
      await recordAuditEvent(tx, ctx, {
        action: CONTRACT_AUDIT.renewed,
        targetType: "customer_plan",
        targetId: cp.id,
        customerId: cp.customerId,
        target: { planId: cp.plan.planId },
        before: { endsAt: cp.endsAt!.toISOString() },
        after: { endsAt: termEnd.toISOString(), termStartsAt: termStart.toISOString() },
      });
      return 1;
    });
    renewed += done;
  }
  return renewed;
}

/** Contracts past their end that no read has expired yet: the plans area expires them now. */
async function endContracts(env: Env, now: Date): Promise<number> {
  const due = await db().customerPlan.findMany({
    where: { env, status: "active", endsAt: { lte: now }, OR: [{ onContractEnd: "end" }, { onContractEnd: null }, { cancelAtPeriodEnd: true }] },
    select: { customerId: true },
    distinct: ["customerId"],
    take: BATCH,
  });
  if (due.length === 0) return 0;
  await applyDueChanges(env, due.map((row) => row.customerId), now);
  return due.length;
}

/** Billed plans that ended (expired at a contract's end, or otherwise) while their billing still ran: Stripe stops too. */
async function endBillingOfEndedPlans(env: Env): Promise<number> {
  const ended = await db().customerPlan.findMany({
    where: { env, status: { in: ["expired", "canceled", "replaced"] }, billingState: { in: ["waiting", "starting", "awaiting_payment", "active", "past_due"] } },
    select: { id: true, stripeSubscriptionId: true },
    take: BATCH,
  });
  for (const cp of ended) {
    await db().$transaction(async (tx) => {
      await tx.customerPlan.update({ where: { id: cp.id }, data: { billingState: "ended" } });
      await emitSubscribedPlanEnded(tx, env, cp);
    });
  }
  return ended.length;
}

async function remindOwners(env: Env, now: Date): Promise<number> {
  const due = await db().$queryRaw<{ id: string; ends_at: Date }[]>(Prisma.sql`
    select id, ends_at from customer_plans
     where env = ${env}::"Env" and status = 'active' and ends_at is not null and ends_at > ${now}
       and renewal_reminder_days > 0 and renewal_reminded_at is null
       and ends_at - make_interval(days => renewal_reminder_days) <= ${now}
     order by id limit ${BATCH}`);
  let reminded = 0;
  for (const row of due) {
    reminded += await db().$transaction(async (tx) => {
      const marked = await tx.customerPlan.updateMany({ where: { id: row.id, renewalRemindedAt: null, endsAt: row.ends_at }, data: { renewalRemindedAt: now } });
      if (marked.count === 0) return 0;
      const payload: RenewalReminderPayload = { customerPlanId: row.id, endsAt: row.ends_at.toISOString() };
      await enqueueOutboxJob(tx, { env, kind: RENEWAL_REMINDER_JOB, payload, dedupeKey: `${RENEWAL_REMINDER_JOB}:${row.id}:${payload.endsAt}` });
      return 1;
    });
  }
  return reminded;
}
