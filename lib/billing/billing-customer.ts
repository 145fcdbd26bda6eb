// The customer a billing operation is for, and whether the actor may act for it: staff and API
// keys with customers:write, or the end customer themself (the portal's buttons).
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";

export function ownsCustomer(ctx: Ctx, customer: Pick<Customer, "externalId" | "linkedUserId">): boolean {
  return ctx.actor.kind === "end_customer" && (customer.linkedUserId === ctx.actor.userId || customer.externalId === ctx.actor.userId);
}

/** The customer named by `ref` (external id first, then internal id) in ctx.env, if the actor may bill it. */
export async function findBillingCustomer(ctx: Ctx, ref: string): Promise<Customer> {
  if (ctx.actor.kind !== "end_customer") authorize(ctx, "customers:write");
  const customer = await findCustomerByRef(db(), ctx.env, ref);
  if (!customer) throw customerNotFound(ref);
  // Someone else's customer does not exist, as far as an end customer can tell.
  if (ctx.actor.kind === "end_customer" && !ownsCustomer(ctx, customer)) throw customerNotFound(ref);
  return customer;
}

/** The id the API shows for a customer: its id, or its internal id while it is pending. */
export const apiCustomerId = (customer: Pick<Customer, "id" | "externalId">) => customer.externalId ?? customer.id;
