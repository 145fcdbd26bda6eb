// Enabling a plan for a customer, with how it is billed: the ONE write behind the dashboard's
// enable-plan action and the API's attach with invoice_mode.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import type { EnablePlanOptions } from "@/lib/plans/schemas";
import type { EnabledPlan } from "@/lib/plans/enable-plan";
import type { BillingOptionsInput } from "./billing-options";

export type EnableBilledPlanArgs = {
  /** The customer's internal id (`cus_…`), pending customers included. */
  customerId: string;
  /** The plan's API id (`enterprise`). */
  planId: string;
  /** As the plans area takes them: startsAt, endsAt, customPriceAmount, customCurrency, overrides, note. */
  options: EnablePlanOptions;
  /** How a paid plan is billed; ignored (and optional) for a free plan. Absent for a paid plan: billed elsewhere. */
  billing?: BillingOptionsInput | null;
};

export async function enableBilledPlan(ctx: Ctx, args: EnableBilledPlanArgs, opts: { now?: Date } = {}): Promise<EnabledPlan> {
  authorize(ctx, "customers:write");
  void args;
  void opts;
  throw new Error("enableBilledPlan: body lands in the next commit");
}
