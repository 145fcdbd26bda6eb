// An invoice as autumn-js 1.3.13 reads it (invoices.list's items, invoices.pay / void's `invoice`):
// from the invoices mirror (Stripe's invoices as its webhooks and Equinox's own calls last told
// us). Amounts in major units, times in ms. `id` is Equinox's row id; `stripe_id` Stripe's.
import type { Customer, Invoice } from "@/lib/generated/prisma";
import { apiCustomerId } from "@/lib/entitlements/api-customer-id";

export type InvoiceItemObject = {
  id: string;
  description: string;
  period_start: number | null;
  period_end: number | null;
  plan_id: string | null;
  feature_id: string | null;
  feature_name: string | null;
  quantity: number | null;
  amount: number;
  entities: [];
};

export type InvoiceObject = {
  plan_ids: string[];
  stripe_id: string;
  processor_type: "stripe";
  status: string;
  total: number;
  currency: string;
  created_at: number;
  hosted_invoice_url: string | null;
  id: string;
  customer_id: string | null;
  entity_id: string | null;
  amount_paid: number | null;
  refunded_amount: number;
  items: InvoiceItemObject[];
};

const major = (cents: number) => Math.round(cents) / 100;
const msOf = (iso: unknown) => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? Date.parse(iso) : null);

function items(invoice: Invoice): InvoiceItemObject[] {
  if (!Array.isArray(invoice.lines)) return [];
  return invoice.lines.flatMap((raw, index) => {
    if (typeof raw !== "object" || raw === null) return [];
    const line = raw as Record<string, unknown>;
    return [
      {
        id: typeof line.id === "string" ? line.id : `${invoice.id}_${index}`,
        description: typeof line.description === "string" ? line.description : "",
        period_start: msOf(line.period_start),
        period_end: msOf(line.period_end),
        plan_id: typeof line.plan_id === "string" ? line.plan_id : null,
        feature_id: null,
        feature_name: null,
        quantity: typeof line.quantity === "number" ? line.quantity : null,
        amount: typeof line.amount === "number" ? major(line.amount) : 0,
        entities: [],
      },
    ];
  });
}

export function invoiceObject(invoice: Invoice, customer: Pick<Customer, "id" | "externalId">): InvoiceObject {
  return {
    plan_ids: invoice.planIds,
    stripe_id: invoice.stripeInvoiceId,
    processor_type: "stripe",
    status: invoice.status,
    total: major(invoice.total),
    currency: invoice.currency,
    created_at: invoice.stripeCreatedAt.getTime(),
    hosted_invoice_url: invoice.hostedInvoiceUrl,
    id: invoice.id,
    customer_id: apiCustomerId(customer),
    entity_id: null,
    amount_paid: major(invoice.amountPaid),
    refunded_amount: 0,
    items: items(invoice),
  };
}
