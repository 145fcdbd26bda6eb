import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { getCustomerInput, type GetCustomerInput } from "./schemas";
import { findCustomerByRef } from "./customer-queries";
import { shapeCustomer } from "./shape-customers";
import type { ApiCustomer } from "./customer-object";

/** The customer object of the customer an id (or internal id) names; 404 customer_not_found otherwise. */
export async function getCustomer(ctx: Ctx, input: GetCustomerInput): Promise<ApiCustomer> {
  authorize(ctx, "customers:read");
  const { customer_id } = getCustomerInput.parse(input);
  const customer = await findCustomerByRef(db(), ctx.env, customer_id);
  if (!customer) throw customerNotFound(customer_id);
  return shapeCustomer(db(), customer);
}
