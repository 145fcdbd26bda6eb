// A mirrored Stripe invoice as the customer page and the portal show it (JSON-safe), read straight
// from the invoices table (the webhooks keep it in step with Stripe).
import "server-only";
import type { Env, Invoice } from "@/lib/generated/prisma";
import { db } from "@/lib/db";

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export type InvoiceView = {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  /** Minor units. */
  total: number;
  amountRemaining: number;
  /** When it is due (send_invoice), else null. ISO. */
  dueDate: string | null;
  /** When Stripe created it. ISO. */
  createdAt: string;
  paidAt: string | null;
  /** Stripe's hosted page (view, and pay an open one); null for a draft. */
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  /** Open and past its due date. */
  overdue: boolean;
};

export const INVOICE_PAGE_SIZE = 24;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toInvoiceView(row: Invoice, now: Date): InvoiceView {
  return {
    id: row.id,
    number: row.number,
    status: row.status as InvoiceStatus,
    currency: row.currency,
    total: row.total,
    amountRemaining: row.amountRemaining,
    dueDate: iso(row.dueDate),
    createdAt: row.stripeCreatedAt.toISOString(),
    paidAt: iso(row.paidAt),
    hostedInvoiceUrl: row.hostedInvoiceUrl,
    invoicePdf: row.invoicePdf,
    overdue: row.status === "open" && row.dueDate !== null && row.dueDate.getTime() < now.getTime(),
  };
}

/** A customer's invoices, newest first. The caller has authorized and resolved the customer. */
export async function readCustomerInvoices(env: Env, customerId: string, options: { limit?: number; includeDrafts?: boolean; now?: Date } = {}): Promise<InvoiceView[]> {
  const rows = await db().invoice.findMany({
    where: { env, customerId, ...(options.includeDrafts === false ? { status: { not: "draft" } } : {}) },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    take: options.limit ?? INVOICE_PAGE_SIZE,
  });
  const now = options.now ?? new Date();
  return rows.map((row) => toInvoiceView(row, now));
}
