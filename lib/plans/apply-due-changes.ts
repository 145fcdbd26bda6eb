// Lazy time-based changes, applied on the next read or write instead of by a cron job: scheduled
// plans whose start has come become active, plans whose end has come expire, and balances whose
// next reset has come reset once (however many periods were missed).
//
// Resets are not audited one by one (they are routine and would drown the log); the grant's
// last_reset_at / next_reset_at say when it last happened. Activations and expiries are audited,
// with the system as the actor.
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import { systemCtx } from "@/lib/context";
import { db, type Db, type Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { dueReset } from "./reset-schedule";
import { activateCustomerPlan, auditCustomerPlanChange, endCustomerPlan, lockCustomerGrants } from "./customer-plan-lifecycle";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";

export type DueCustomers = { transitions: string[]; resets: string[] };

/** Which of these customers have a plan start or end, or a balance reset, due at `now`. */
export async function findDueCustomers(client: Db | Tx, env: Env, customerIds: string[], now: Date): Promise<DueCustomers> {
  if (customerIds.length === 0) return { transitions: [], resets: [] };
  // Every read of a customer object asks this first: plain SQL outside a transaction (selectRows).
  const rows = await selectRows<{ customer_id: string; kind: "plan" | "grant" }>(client, Prisma.sql`
    select distinct customer_id, 'plan' as kind from customer_plans
     where env = ${env}::"Env" and customer_id = any(${customerIds}::text[])
       and ((status = 'scheduled' and starts_at <= ${now}) or (status = 'active' and ends_at <= ${now}))
    union
    select distinct customer_id, 'grant' as kind from grants
     where env = ${env}::"Env" and customer_id = any(${customerIds}::text[]) and active and next_reset_at <= ${now}`);
  return {
    transitions: rows.filter((row) => row.kind === "plan").map((row) => row.customer_id),
    resets: rows.filter((row) => row.kind === "grant").map((row) => row.customer_id),
  };
}

/**
 * The same decision as findDueCustomers, from rows already read: the customer's active and
 * scheduled plans, and its active grants (what the customer object reads anyway, which saves that
 * read a statement of its own). Keep the two in step.
 */
export function dueFromRows(
  plans: { customerId: string; status: string; startsAt: Date; endsAt: Date | null }[],
  grants: { customerId: string; active: boolean; nextResetAt: Date | null }[],
  now: Date,
): DueCustomers {
  const at = now.getTime();
  const transitions = new Set<string>();
  for (const cp of plans) {
    if ((cp.status === "scheduled" && cp.startsAt.getTime() <= at) || (cp.status === "active" && cp.endsAt !== null && cp.endsAt.getTime() <= at)) transitions.add(cp.customerId);
  }
  const resets = new Set<string>();
  for (const grant of grants) if (grant.active && grant.nextResetAt !== null && grant.nextResetAt.getTime() <= at) resets.add(grant.customerId);
  return { transitions: [...transitions], resets: [...resets] };
}

export const nothingDue = (due: DueCustomers) => due.transitions.length === 0 && due.resets.length === 0;

/**
 * Applies what is due for these customers inside `tx`, one customer at a time in id order
 * (customer row, then its grants by id: the order every writer uses).
 */
export async function applyDueChangesInTx(tx: Tx, env: Env, customerIds: string[], now: Date, due?: DueCustomers): Promise<void> {
  const found = due ?? (await findDueCustomers(tx, env, customerIds, now));
  if (nothingDue(found)) return;
  const withTransitions = new Set(found.transitions);
  const ids = [...new Set([...found.transitions, ...found.resets])].sort();
  for (const customerId of ids) {
    if (withTransitions.has(customerId)) {
      if (!(await lockCustomerForGrantChange(tx, env, customerId))) continue;
      await lockCustomerGrants(tx, customerId);
      await applyPlanTransitions(tx, env, customerId, now);
    }
    await applyDueResets(tx, customerId, now);
  }
}

/** Applies what is due in a transaction of its own (when the caller has none). */
export async function applyDueChanges(env: Env, customerIds: string[], now: Date, due?: DueCustomers): Promise<void> {
  const found = due ?? (await findDueCustomers(db(), env, customerIds, now));
  if (nothingDue(found)) return;
  await db().$transaction((tx) => applyDueChangesInTx(tx, env, customerIds, now), { maxWait: 15_000, timeout: 30_000 });
}

const inFlight = new Map<string, Promise<void>>();

/**
 * The hot path's way in: concurrent requests of one process for the same customer share one
 * run instead of queueing up a transaction each (other processes are kept right by the locks).
 */
export function applyDueChangesOnce(env: Env, customerId: string, now: Date): Promise<void> {
  const key = `${env}:${customerId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const run = applyDueChanges(env, [customerId], now).finally(() => inFlight.delete(key));
  inFlight.set(key, run);
  return run;
}

/** Starts and ends of this customer's plans that are due, in the order they happened. */
async function applyPlanTransitions(tx: Tx, env: Env, customerId: string, now: Date): Promise<void> {
  const ctx = systemCtx(env, "Schedule");
  const plans = await tx.customerPlan.findMany({
    where: {
      customerId,
      OR: [
        { status: "scheduled", startsAt: { lte: now } },
        { status: "active", endsAt: { lte: now } },
      ],
    },
    include: { plan: true },
  });
  type Step = { at: Date; kind: "start" | "end"; id: string };
  const steps: Step[] = [];
  for (const cp of plans) {
    if (cp.status === "scheduled") steps.push({ at: cp.startsAt, kind: "start", id: cp.id });
    if (cp.endsAt && cp.endsAt <= now) steps.push({ at: cp.endsAt, kind: "end", id: cp.id });
  }
  // At the same instant a start goes first: a plan scheduled to replace one that ends then takes over cleanly.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "start" ? -1 : 1));

  for (const step of steps) {
    // Re-read: an earlier step may have replaced this plan already.
    const cp = await tx.customerPlan.findUniqueOrThrow({ where: { id: step.id }, include: { plan: true } });
    if (step.kind === "start" && cp.status === "scheduled") {
      await activateCustomerPlan(tx, ctx, cp.id, step.at);
      const after = await tx.customerPlan.findUniqueOrThrow({ where: { id: cp.id } });
      await auditCustomerPlanChange(tx, ctx, "customer_plan.activated", cp, after);
    } else if (step.kind === "end" && cp.status === "active") {
      await endCustomerPlan(tx, ctx, cp, { status: "expired", at: step.at });
    }
  }
}

/** Resets this customer's due balances: usage back to 0, once, to the period that contains `now`. */
async function applyDueResets(tx: Tx, customerId: string, now: Date): Promise<void> {
  const grants = await tx.$queryRaw<{ id: string; reset_interval: "none" | "day" | "week" | "month" | "quarter" | "year"; reset_anchor: Date | null; next_reset_at: Date | null }[]>`
    select id, reset_interval, reset_anchor, next_reset_at from grants
     where customer_id = ${customerId} and active and next_reset_at <= ${now}
     order by id for update`;
  const updates = grants.flatMap((grant) => {
    const reset = dueReset({ resetInterval: grant.reset_interval, resetAnchor: grant.reset_anchor, nextResetAt: grant.next_reset_at }, now);
    return reset ? [{ id: grant.id, last: reset.lastResetAt.toISOString(), next: reset.nextResetAt.toISOString() }] : [];
  });
  if (updates.length === 0) return;
  await tx.$executeRaw`
    update grants g set usage = 0, last_reset_at = v.last, next_reset_at = v.next, updated_at = ${now}
      from unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.last)}::timestamptz[], ${updates.map((u) => u.next)}::timestamptz[]) as v(id, last, next)
     where g.id = v.id`;
}
