// invoices.list, and the customer page's and the portal's invoices: newest first from the
// invoices mirror (no Stripe call), with cursor pagination (the cursor is the last row's id).
// An end customer sees only their own customer's invoices.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { ownsCustomer } from "@/lib/billing/billing-customer";
import { invoiceObject, type InvoiceObject } from "./invoice-object";
import { listInvoicesInput, type ListInvoicesInput } from "./schemas";

export type InvoicePage = { list: InvoiceObject[]; next_cursor: string | null };

export async function listInvoices(ctx: Ctx, input: ListInvoicesInput): Promise<InvoicePage> {
  const data = listInvoicesInput.parse(input);
  const endCustomer = ctx.actor.kind === "end_customer";
  if (!endCustomer) authorize(ctx, "customers:read");
  if (endCustomer && !data.customer_id) throw invalidInputs("customer_id", "is required");
  // Only Stripe invoices are mirrored: asking for other processors lists nothing.
  if (data.processor_types && !data.processor_types.includes("stripe")) return { list: [], next_cursor: null };
  // Invoices are per customer here: an entity has none of its own.
  if (data.entity_id) return { list: [], next_cursor: null };

  const where: Prisma.InvoiceWhereInput = { env: ctx.env, ...(data.status ? { status: { in: data.status } } : {}) };
  if (data.customer_id) {
    const customer = await findCustomerByRef(db(), ctx.env, data.customer_id);
    if (!customer || (endCustomer && !ownsCustomer(ctx, customer))) throw customerNotFound(data.customer_id);
    where.customerId = customer.id;
  }
  if (data.start_cursor) {
    const after = await db().invoice.findFirst({ where: { id: data.start_cursor, env: ctx.env }, select: { id: true, stripeCreatedAt: true } });
    if (!after) throw invalidInputs("start_cursor", "is not a cursor of this list");
    where.OR = [{ stripeCreatedAt: { lt: after.stripeCreatedAt } }, { stripeCreatedAt: after.stripeCreatedAt, id: { lt: after.id } }];
  }
  const rows = await db().invoice.findMany({
    where,
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    take: data.limit + 1,
    include: { customer: { select: { id: true, externalId: true } } },
  });
  const page = rows.slice(0, data.limit);
  return { list: page.map((row) => invoiceObject(row, row.customer)), next_cursor: rows.length > data.limit ? page[page.length - 1]!.id : null };
}
