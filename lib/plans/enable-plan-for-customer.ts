import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { enablePlanSchema, type EnablePlanInput } from "./schemas";
import { readPlanView } from "./list-plans";
import { planNotFound } from "./plan-view";
import { enablePlanInTx, type EnabledPlan } from "./enable-plan";

/**
 * Enables a plan for a customer (by internal id, pending customers included) with no checkout:
 * optionally at a negotiated price, with per-feature overrides, from a start date (scheduled
 * until then), until an end date, with a note. See enablePlanInTx for the rules.
 */
export async function enablePlanForCustomer(ctx: Ctx, input: EnablePlanInput, options: { now?: Date } = {}): Promise<EnabledPlan> {
  authorize(ctx, "customers:write");
  const data = enablePlanSchema.parse(input);
  const now = options.now ?? new Date();
  // The plan is read before the transaction, in one statement (it takes no lock, so reading it
  // inside, as four ORM reads, only kept the customer's transaction open longer).
  const plan = await readPlanView(ctx.env, data.planId);
  if (!plan) throw planNotFound(data.planId);
  return db().$transaction(
    async (tx) => enablePlanInTx(tx, ctx, { customerId: data.customerId, plan, options: data, now }),
    { maxWait: 15_000, timeout: 30_000 },
  );
}
