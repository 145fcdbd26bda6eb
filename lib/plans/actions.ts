"use server";
// The plan catalog's and a customer's plans' mutations. Thin adapters: staffAction checks the
// session and role and maps errors; the rules live in the domain.
import { staffAction } from "@/lib/auth/staff-action";
import { createPlan } from "@/lib/plans/create-plan";
import { updatePlan } from "@/lib/plans/update-plan";
import { archivePlan } from "@/lib/plans/archive-plan";
import { migratePlanCustomers } from "@/lib/plans/migrate-plan-customers";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { removeCustomerPlan } from "@/lib/plans/remove-customer-plan";
import type { CreatePlanInput, EnablePlanInput, UpdatePlanInput } from "@/lib/plans/schemas";

// A customer's detail page is always addressed by internal id (the page redirects other addresses to it).
const customerPaths = (customerId: string) => ["/customers", `/customers/${customerId}`];

export async function createPlanAction(input: CreatePlanInput) {
  return staffAction((ctx) => createPlan(ctx, input), { revalidate: ["/plans"] });
}

export async function updatePlanAction(input: UpdatePlanInput) {
  return staffAction((ctx) => updatePlan(ctx, input), { revalidate: ["/plans", `/plans/${input.planId}`] });
}

export async function archivePlanAction(input: { planId: string; archived: boolean }) {
  return staffAction((ctx) => archivePlan(ctx, input), { revalidate: ["/plans", `/plans/${input.planId}`] });
}

/** Moves the customers on older versions of the plan to its current version (they keep negotiated prices). */
export async function migratePlanCustomersAction(input: { planId: string }) {
  return staffAction((ctx) => migratePlanCustomers(ctx, { planId: input.planId }), { revalidate: ["/plans", `/plans/${input.planId}`, "/customers"] });
}

export async function enablePlanAction(input: EnablePlanInput) {
  return staffAction(
    async (ctx) => {
      const { customerPlan, changed } = await enablePlanForCustomer(ctx, input);
      return { customerPlanId: customerPlan.id, status: customerPlan.status, changed };
    },
    { revalidate: customerPaths(input.customerId) },
  );
}

/** `customerId` only names the page to refresh; the customer plan id says what is canceled. */
export async function cancelCustomerPlanAction(input: { customerPlanId: string; customerId: string }) {
  return staffAction((ctx) => cancelCustomerPlan(ctx, { customerPlanId: input.customerPlanId }), { revalidate: customerPaths(input.customerId) });
}

export async function removeCustomerPlanAction(input: { customerPlanId: string; customerId: string }) {
  return staffAction((ctx) => removeCustomerPlan(ctx, { customerPlanId: input.customerPlanId }), { revalidate: customerPaths(input.customerId) });
}
