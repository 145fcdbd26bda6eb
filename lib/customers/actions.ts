"use server";
// The customers pages' mutations. Thin adapters: staffAction checks the session and role and maps
// errors to { ok: false, error: { code, message, field } }; the rules live in the domain.
import type { Customer } from "@/lib/generated/prisma";
import { staffAction } from "@/lib/auth/staff-action";
import { createCustomer, type CreateCustomerInput } from "@/lib/customers/create-customer";
import { updateCustomerRecord } from "@/lib/customers/update-customer";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import type { DeleteCustomerInput, UpdateCustomerInput } from "@/lib/customers/schemas";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { removeCustomerPlan } from "@/lib/plans/remove-customer-plan";
import type { EnablePlanInput } from "@/lib/plans/schemas";
import { adjustBalance } from "@/lib/balances/adjust-balance";
import type { AdjustBalanceInput } from "@/lib/balances/schemas";

/** What the forms need back about a customer (a plain object, safe to send to the browser). */
function customerSummary(customer: Customer) {
  return { internalId: customer.id, id: customer.externalId, pending: customer.externalId === null, name: customer.name, email: customer.email };
}

// The detail page is always addressed by internal id (the page redirects other addresses to it).
const detailPaths = (customerId: string) => ["/customers", `/customers/${customerId}`];

export async function createCustomerAction(input: CreateCustomerInput) {
  return staffAction(
    async (ctx) => {
      const { status, customer } = await createCustomer(ctx, input);
      return { status, customer: customerSummary(customer) };
    },
    { revalidate: ["/customers"] },
  );
}

/** Name, email, metadata, or (for a pending customer) its id assigned by hand. */
export async function updateCustomerAction(input: UpdateCustomerInput) {
  return staffAction(async (ctx) => customerSummary(await updateCustomerRecord(ctx, input)), { revalidate: detailPaths(input.customer_id) });
}

export async function deleteCustomerAction(input: DeleteCustomerInput) {
  return staffAction((ctx) => deleteCustomer(ctx, input), { revalidate: ["/customers"] });
}

export async function enablePlanAction(input: EnablePlanInput) {
  return staffAction(
    async (ctx) => {
      const { customerPlan, changed } = await enablePlanForCustomer(ctx, input);
      return { customerPlanId: customerPlan.id, status: customerPlan.status, changed };
    },
    { revalidate: detailPaths(input.customerId) },
  );
}

/** `customerId` only names the page to refresh; the customer plan id says what is canceled. */
export async function cancelCustomerPlanAction(input: { customerPlanId: string; customerId: string }) {
  return staffAction((ctx) => cancelCustomerPlan(ctx, { customerPlanId: input.customerPlanId }), { revalidate: detailPaths(input.customerId) });
}

export async function removeCustomerPlanAction(input: { customerPlanId: string; customerId: string }) {
  return staffAction((ctx) => removeCustomerPlan(ctx, { customerPlanId: input.customerPlanId }), { revalidate: detailPaths(input.customerId) });
}

export async function adjustBalanceAction(input: AdjustBalanceInput) {
  return staffAction((ctx) => adjustBalance(ctx, input), { revalidate: detailPaths(input.customerId) });
}
