"use server";
// A customer's balances, changed by hand from the detail page. Thin adapter: staffAction checks the
// session and role and maps errors; the rules live in the domain.
import { staffAction } from "@/lib/auth/staff-action";
import { adjustBalance } from "@/lib/balances/adjust-balance";
import type { AdjustBalanceInput } from "@/lib/balances/schemas";

export async function adjustBalanceAction(input: AdjustBalanceInput) {
  return staffAction((ctx) => adjustBalance(ctx, input), { revalidate: ["/customers", `/customers/${input.customerId}`] });
}
