"use server";
// The customer page's billing mutations: enabling a plan with how it is billed, and the portal's
// self-serve cancel switch. Thin adapters: staffAction re-checks the session and role and maps
// errors; the rules live in lib/billing/lifecycle (enableBilledPlan) and self-serve-cancel.ts.
import { staffAction } from "@/lib/auth/staff-action";
import { enablePlanSchema, type EnablePlanInput } from "@/lib/plans/schemas";
import { enableBilledPlan } from "@/lib/billing/lifecycle/enable-billed-plan";
import type { BillingOptionsInput } from "@/lib/billing/lifecycle/billing-options";
import { setSelfServeCancel, type SelfServeCancelInput } from "./self-serve-cancel";

const customerPaths = (customerId: string) => ["/customers", `/customers/${customerId}`, "/customers/renewals"];

export type EnableBilledPlanInput = EnablePlanInput & { billing?: BillingOptionsInput | null };

export async function enableBilledPlanAction(input: EnableBilledPlanInput) {
  return staffAction(
    async (ctx) => {
      const { customerId, planId, billing, ...options } = input;
      // The plan options' own schema (dates as Dates, trimmed note); enableBilledPlan parses billing.
      const parsed = enablePlanSchema.parse({ customerId, planId, ...options });
      const { customerPlan, changed } = await enableBilledPlan(ctx, {
        customerId: parsed.customerId,
        planId: parsed.planId,
        options: { customPriceAmount: parsed.customPriceAmount, customCurrency: parsed.customCurrency, overrides: parsed.overrides, startsAt: parsed.startsAt, endsAt: parsed.endsAt, note: parsed.note },
        billing: billing ?? null,
      });
      return { customerPlanId: customerPlan.id, status: customerPlan.status, changed };
    },
    { revalidate: customerPaths(input?.customerId ?? "") },
  );
}

export async function setSelfServeCancelAction(input: SelfServeCancelInput) {
  return staffAction((ctx) => setSelfServeCancel(ctx, input), { revalidate: customerPaths(input?.customerId ?? "") });
}
