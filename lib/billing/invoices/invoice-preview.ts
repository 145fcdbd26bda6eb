// The `preview` of invoices.create and invoices.reissue as autumn-js 1.3.13 reads it: the lines
// and totals of the invoice to be issued (major units, times in ms). Equinox applies no discount
// or tax on these invoices, so every line's amount is also its amount after discounts.
export type InvoicePreviewLine = {
  plan_id: string | null;
  feature_id: null;
  description: string;
  amount: number;
  amount_after_discounts: number;
  quantity: number | null;
  prorated: boolean;
  period_start: number | null;
  period_end: number | null;
};

export type InvoicePreview = {
  currency: string;
  lines: InvoicePreviewLine[];
  subtotal: number;
  discount_total: number;
  tax: null;
  total: number;
  amount_due: number;
  due_date: number | null;
};

/** A line to put on the invoice, in minor units (cents), as Stripe takes it. */
export type DraftLine = {
  planId: string | null;
  description: string;
  /** Cents; negative for a credit. */
  amount: number;
  quantity: number | null;
  period: { start: number; end: number } | null;
  metadata: Record<string, string>;
};

const major = (cents: number) => Math.round(cents) / 100;

/** `amountDue` (cents) is Stripe's once the invoice exists (a customer credit balance lowers it); the total otherwise. */
export function invoicePreview(currency: string, lines: DraftLine[], dueDate: Date | null, amountDue?: number): InvoicePreview {
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    currency,
    lines: lines.map((line) => ({
      plan_id: line.planId,
      feature_id: null,
      description: line.description,
      amount: major(line.amount),
      amount_after_discounts: major(line.amount),
      quantity: line.quantity,
      prorated: false,
      period_start: line.period ? line.period.start * 1000 : null,
      period_end: line.period ? line.period.end * 1000 : null,
    })),
    subtotal: major(total),
    discount_total: 0,
    tax: null,
    total: major(total),
    amount_due: major(amountDue ?? Math.max(total, 0)),
    due_date: dueDate ? dueDate.getTime() : null,
  };
}
