import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { enablePlanSchema, type EnablePlanInput } from "./schemas";
import { loadPlan } from "./load-plan";
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
  return db().$transaction(
    async (tx) => {
      const plan = await loadPlan(tx, ctx.env, data.planId);
      return enablePlanInTx(tx, ctx, { customerId: data.customerId, plan, options: data, now });
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
