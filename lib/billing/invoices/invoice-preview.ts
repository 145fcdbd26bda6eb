// The `preview` of invoices.create and invoices.reissue as autumn-js 1.3.13 reads it: the lines
// and totals of the invoice to be issued (major units, times in ms). Discounts and a tax rate are
// worked out with Stripe's own arithmetic (as the invoice Stripe then makes has them): a line's own
// discounts first, then the invoice's (on the discountable lines), each in order on what the previous ones left (percent_off
// rounded per line, amount_off spread over the positive lines in proportion, the remainder on the
// last); each tax rate on what each line charges after its discounts (exclusive: added on top;
// inclusive: the part of the amount that is tax), rounded per line and rate.

export type InvoicePreviewLine = {
  plan_id: string | null;
  feature_id: string | null;
  description: string;
  amount: number;
  amount_after_discounts: number;
  quantity: number | null;
  prorated: boolean;
  period_start: number | null;
  period_end: number | null;
};

export type InvoicePreviewTax = { total: number; amount_inclusive: number; amount_exclusive: number; status: "complete" };

export type InvoicePreview = {
  currency: string;
  lines: InvoicePreviewLine[];
  subtotal: number;
  discount_total: number;
  tax: InvoicePreviewTax | null;
  total: number;
  amount_due: number;
  due_date: number | null;
};

/** A coupon as it prices (a percentage or an amount in cents off), and how Stripe's `discounts` names it (lib/billing/api/discounts.ts). */
export type InvoiceDiscount = { id: string; percentOff?: number; amountOff?: number; stripe?: { coupon: string } | { promotion_code: string } | { discount: string } };

export type InvoiceTaxRate = { id: string; percentage: number; inclusive: boolean };

/** A line to put on the invoice, in minor units (cents), as Stripe takes it. */
export type DraftLine = {
  planId: string | null;
  /** The feature a line bills (a feature quantity priced by customize.items); null for a plan's base line or a custom charge. */
  featureId?: string | null;
  /** Bill the line under this existing Stripe price (`stripeQuantity` units of it) instead of an inline amount. */
  stripePrice?: string;
  stripeQuantity?: number;
  description: string;
  /** Cents; negative for a credit. */
  amount: number;
  quantity: number | null;
  period: { start: number; end: number } | null;
  metadata: Record<string, string>;
  /** Cents per unit when the line is `quantity` units at one price (Stripe's unit_amount_decimal × quantity); absent: one charge of `amount`. */
  unitAmount?: number;
  /** Charged for part of a price interval (period_start → period_end). */
  prorated?: boolean;
  /** Coupons on this line only (a plan's own discounts), as Stripe's `discounts` of the invoice item. */
  discounts?: InvoiceDiscount[];
  /** false: no discount applies to the line, the invoice's included (Stripe's `discountable` of the invoice item); absent: Stripe's default (discountable unless negative). */
  discountable?: boolean;
};

/** `taxRates`: every rate on every line (Stripe's default_tax_rates), in order. */
export type InvoicePricing = { discounts?: InvoiceDiscount[]; taxRates?: InvoiceTaxRate[] };

const major = (cents: number) => Math.round(cents) / 100;

/** Stripe's discount arithmetic over line amounts (see the header): the cents each line loses. */
function discountLines(amounts: readonly number[], discounts: readonly InvoiceDiscount[]): number[] {
  const remaining = [...amounts];
  const off = amounts.map(() => 0);
  for (const discount of discounts) {
    if (discount.percentOff !== undefined) {
      remaining.forEach((amount, index) => {
        const cut = Math.round((amount * discount.percentOff!) / 100);
        off[index] = off[index]! + cut;
        remaining[index] = amount - cut;
      });
      continue;
    }
    const positive = remaining.map((amount) => Math.max(0, amount));
    const base = positive.reduce((sum, amount) => sum + amount, 0);
    const total = Math.min(discount.amountOff ?? 0, base);
    if (total <= 0) continue;
    let left = total;
    const lastIndex = positive.reduce((last, amount, index) => (amount > 0 ? index : last), -1);
    positive.forEach((amount, index) => {
      if (amount <= 0) return;
      const cut = index === lastIndex ? left : Math.floor((total * amount) / base);
      left -= cut;
      off[index] = off[index]! + cut;
      remaining[index] = remaining[index]! - cut;
    });
  }
  return off;
}

/** Whether the invoice's discounts reach the line: as asked, else Stripe's default (a negative line takes none, since 2015-03-24). */
const discountable = (line: DraftLine): boolean => line.discountable ?? line.amount >= 0;

/** `amountDue` (cents) is Stripe's once the invoice exists (a customer credit balance lowers it); the total otherwise. */
export function invoicePreview(currency: string, lines: DraftLine[], dueDate: Date | null, amountDue?: number, pricing: InvoicePricing = {}): InvoicePreview {
  const own = lines.map((line) => (line.discounts?.length ? discountLines([line.amount], line.discounts)[0]! : 0));
  // A line that is not discountable takes no share of the invoice's discounts.
  const shared = discountLines(
    lines.map((line, index) => (discountable(line) ? line.amount - own[index]! : 0)),
    pricing.discounts ?? [],
  );
  const discounted = lines.map((line, index) => line.amount - own[index]! - shared[index]!);
  const rates = pricing.taxRates ?? [];
  let inclusive = 0;
  let exclusive = 0;
  for (const amount of discounted) {
    for (const rate of rates) {
      if (rate.inclusive) inclusive += Math.round(amount - amount / (1 + rate.percentage / 100));
      else exclusive += Math.round((amount * rate.percentage) / 100);
    }
  }
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discountTotal = subtotal - discounted.reduce((sum, amount) => sum + amount, 0);
  const total = subtotal - discountTotal + exclusive;
  return {
    currency,
    lines: lines.map((line, index) => ({
      plan_id: line.planId,
      feature_id: line.featureId ?? null,
      description: line.description,
      amount: major(line.amount),
      amount_after_discounts: major(discounted[index]!),
      quantity: line.quantity,
      prorated: line.prorated ?? false,
      period_start: line.period ? line.period.start * 1000 : null,
      period_end: line.period ? line.period.end * 1000 : null,
    })),
    subtotal: major(subtotal),
    discount_total: major(discountTotal),
    tax: rates.length > 0 ? { total: major(inclusive + exclusive), amount_inclusive: major(inclusive), amount_exclusive: major(exclusive), status: "complete" } : null,
    total: major(total),
    amount_due: major(amountDue ?? Math.max(total, 0)),
    due_date: dueDate ? dueDate.getTime() : null,
  };
}
