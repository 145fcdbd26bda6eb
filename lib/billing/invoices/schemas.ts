// Inputs of invoices.list, invoices.pay and invoices.void (autumn-js 1.3.13's wire names).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

export const INVOICE_STATUSES = ["draft", "open", "paid", "void", "uncollectible"] as const;

export const listInvoicesInput = z.object({
  start_cursor: z.string().max(200).default("").meta({ description: "`next_cursor` of the previous page; empty for the first page." }),
  limit: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").default(50),
  customer_id: z.string().trim().min(1).max(256).optional(),
  entity_id: z.string().optional(),
  status: z.array(z.enum(INVOICE_STATUSES)).max(5).optional(),
  processor_types: z.array(z.string()).max(10).optional().meta({ description: "Only `stripe` invoices exist here; other processors list nothing." }),
});
export type ListInvoicesInput = z.input<typeof listInvoicesInput>;

/** invoices.pay and invoices.void: Equinox's invoice id, or Stripe's (`in_…`). */
export const invoiceRefInput = z.object({
  invoice_id: z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).trim().min(1, "is required").max(200),
});
export type InvoiceRefInput = z.input<typeof invoiceRefInput>;
