// The customer row a reference names (external id first, then internal id), for the dashboard's
// customer page, which shows what the API object leaves out (who created it, when it was claimed).
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { getCustomerInput, type GetCustomerInput } from "./schemas";
import { findCustomerByRef } from "./customer-queries";

export async function getCustomerRecord(ctx: Ctx, input: GetCustomerInput): Promise<Customer> {
  authorize(ctx, "customers:read");
  const { customer_id } = getCustomerInput.parse(input);
  const customer = await findCustomerByRef(db(), ctx.env, customer_id);
  if (!customer) throw customerNotFound(customer_id);
  return customer;
}
