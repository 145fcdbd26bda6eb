"use server";
// The customers pages' mutations. Thin adapters: staffAction checks the session and role and maps
// errors to { ok: false, error: { code, message, field } }; the rules live in the domain.
// (A customer's plans and balances are changed through lib/plans/actions.ts and lib/balances/actions.ts.)
import type { Customer } from "@/lib/generated/prisma";
import { staffAction } from "@/lib/auth/staff-action";
import { createCustomer, type CreateCustomerInput } from "@/lib/customers/create-customer";
import { updateCustomerRecord } from "@/lib/customers/update-customer";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { mergeCustomers } from "@/lib/customers/merge-customers";
import type { MergeCustomersInput } from "@/lib/customers/merge-schemas";
import type { DeleteCustomerInput, UpdateCustomerInput } from "@/lib/customers/schemas";

/** What the forms need back about a customer (a plain object, safe to send to the browser). */
function customerSummary(customer: Customer) {
  return { internalId: customer.id, id: customer.externalId, pending: customer.externalId === null, name: customer.name, email: customer.email };
}

// The detail page is always addressed by internal id (the page redirects other addresses to it).
const detailPaths = (customerId: string) => ["/customers", `/customers/${customerId}`];

// Create and delete revalidate nothing: a revalidation makes the action's answer carry a new render
// of the page it was called from, which the form leaves at once for another (the new customer's
// page, the Customers page), rendered fresh; the table's lists are React Query's, invalidated by
// the form.
export async function createCustomerAction(input: CreateCustomerInput) {
  return staffAction(async (ctx) => {
    const { status, customer } = await createCustomer(ctx, input);
    return { status, customer: customerSummary(customer) };
  });
}

/** Name, email, metadata, or (for a pending customer) its id assigned by hand. */
export async function updateCustomerAction(input: UpdateCustomerInput) {
  return staffAction(async (ctx) => customerSummary(await updateCustomerRecord(ctx, input)), { revalidate: detailPaths(input.customer_id) });
}

export async function deleteCustomerAction(input: DeleteCustomerInput) {
  return staffAction((ctx) => deleteCustomer(ctx, input));
}

/** Merges the customer into another (the survivor); the form then opens the survivor's page (rendered fresh). */
export async function mergeCustomersAction(input: MergeCustomersInput) {
  return staffAction(async (ctx) => customerSummary((await mergeCustomers(ctx, input)).survivor));
}
