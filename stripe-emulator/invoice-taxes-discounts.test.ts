// Tax rates (an invoice's default_tax_rates) and an invoice item's own discounts, with Stripe's
// arithmetic and errors: unknown or archived rates, inclusive and exclusive rates mixed, unknown
// coupons on an item; a line's own discount before the invoice's, tax on what is left.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { setupTestEmulator, stripeError } from "./test-support";

const { stripe } = await setupTestEmulator();

async function draft(params: Partial<Stripe.InvoiceCreateParams> = {}) {
  const customer = await stripe.customers.create({ email: "buyer@acme.test" });
  const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30, ...params });
  return { customer, invoice };
}

describe("tax rates", () => {
  it("are made, read, listed and archived; percentage and inclusive are required", async () => {
    const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false, country: "DE" });
    expect(vat).toMatchObject({ object: "tax_rate", id: expect.stringMatching(/^txr_/), percentage: 20, inclusive: false, active: true, display_name: "VAT" });
    expect(await stripe.taxRates.retrieve(vat.id)).toMatchObject({ id: vat.id });
    expect((await stripe.taxRates.update(vat.id, { active: false })).active).toBe(false);
    expect((await stripe.taxRates.list({ active: false })).data.map((rate) => rate.id)).toEqual([vat.id]);
    expect(await stripeError(stripe.taxRates.create({ display_name: "VAT", inclusive: false } as Stripe.TaxRateCreateParams))).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "percentage" });
    expect(await stripeError(stripe.taxRates.retrieve("txr_nope"))).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("an exclusive rate is added on top of what each line charges after discounts; an inclusive one is part of it", async () => {
    const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const { customer, invoice } = await draft({ default_tax_rates: [vat.id], discounts: [{ coupon: coupon.id }] });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 10_000, currency: "usd" });
    const taxed = await stripe.invoices.retrieve(invoice.id!);
    // 100.00 − 10% = 90.00, + 20% = 18.00 tax.
    expect(taxed).toMatchObject({ subtotal: 10_000, total: 10_800, total_excluding_tax: 9_000, amount_due: 10_800 });
    expect(taxed.default_tax_rates.map((rate) => rate.id)).toEqual([vat.id]);
    expect(taxed.total_taxes).toEqual([expect.objectContaining({ amount: 1_800, taxable_amount: 9_000, tax_behavior: "exclusive", tax_rate_details: { tax_rate: vat.id } })]);

    const included = await stripe.taxRates.create({ display_name: "GST", percentage: 25, inclusive: true });
    const again = await draft({ default_tax_rates: [included.id] });
    await stripe.invoiceItems.create({ customer: again.customer.id, invoice: again.invoice.id, amount: 12_500, currency: "usd" });
    // 125.00 including 25%: 25.00 of it is tax, the total does not move.
    expect(await stripe.invoices.retrieve(again.invoice.id!)).toMatchObject({ total: 12_500, total_excluding_tax: 10_000, total_taxes: [expect.objectContaining({ amount: 2_500, tax_behavior: "inclusive" })] });
  });

  it("refuses an unknown or archived rate, and inclusive with exclusive; a finalized invoice's rates do not change", async () => {
    const archived = await stripe.taxRates.create({ display_name: "Old", percentage: 5, inclusive: false, active: false });
    const customer = await stripe.customers.create({});
    const base = { customer: customer.id, collection_method: "send_invoice" as const, days_until_due: 30 };
    expect(await stripeError(stripe.invoices.create({ ...base, default_tax_rates: ["txr_nope"] }))).toMatchObject({ statusCode: 404, code: "resource_missing" });
    expect(await stripeError(stripe.invoices.create({ ...base, default_tax_rates: [archived.id] }))).toMatchObject({ statusCode: 400, message: expect.stringContaining("inactive") });
    const exclusive = await stripe.taxRates.create({ display_name: "A", percentage: 5, inclusive: false });
    const inclusive = await stripe.taxRates.create({ display_name: "B", percentage: 5, inclusive: true });
    expect(await stripeError(stripe.invoices.create({ ...base, default_tax_rates: [exclusive.id, inclusive.id] }))).toMatchObject({ statusCode: 400 });
    const { invoice } = await draft();
    await stripe.invoiceItems.create({ customer: String(invoice.customer), invoice: invoice.id, amount: 500, currency: "usd" });
    await stripe.invoices.finalizeInvoice(invoice.id!);
    expect(await stripeError(stripe.invoices.update(invoice.id!, { default_tax_rates: [exclusive.id] }))).toMatchObject({ statusCode: 400, code: "invoice_not_editable" });
  });
});

describe("an invoice item's own discounts", () => {
  it("apply to its line first, then the invoice's discounts to what every line has left; unknown coupons are refused", async () => {
    const half = await stripe.coupons.create({ percent_off: 50, duration: "once" });
    const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const { customer, invoice } = await draft({ discounts: [{ coupon: fiveOff.id }] });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 4_000, currency: "usd", discounts: [{ coupon: half.id }] });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 2_000, currency: "usd" });
    const priced = await stripe.invoices.retrieve(invoice.id!);
    // Line 1: 40.00 − 50% = 20.00; then 5.00 off spread over 20.00 and 20.00: 2.50 each.
    expect(priced.lines.data.map((line) => line.discount_amounts?.map((entry) => entry.amount))).toEqual([[2_000, 250], [250]]);
    expect(priced).toMatchObject({ subtotal: 6_000, total: 3_500 });
    expect(await stripeError(stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100, currency: "usd", discounts: [{ coupon: "nope" }] }))).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });
});

describe("a negative invoice item", () => {
  it("takes none of the invoice's discounts unless made discountable (Stripe's default since 2015-03-24)", async () => {
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const { customer, invoice } = await draft({ discounts: [{ coupon: tenPercent.id }] });
    const charge = await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 5_000, currency: "usd" });
    const credit = await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: -1_000, currency: "usd" });
    expect([charge.discountable, credit.discountable]).toEqual([true, false]);
    // 50.00 − 10% = 45.00; the 10.00 credit stays whole.
    expect(await stripe.invoices.retrieve(invoice.id!)).toMatchObject({ subtotal: 4_000, total: 3_500 });

    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: -1_000, currency: "usd", discountable: true });
    // The discountable credit takes its 10% too: −10.00 + 1.00.
    expect(await stripe.invoices.retrieve(invoice.id!)).toMatchObject({ subtotal: 3_000, total: 2_600 });
  });
});

describe("an invoice reusing an existing discount ({discount})", () => {
  it("reuses its subscription's discount as it is (no new redemption); another subscription's, or another invoice's, is refused", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: "forever" });
    const customer = await stripe.customers.create({ email: "buyer@acme.test" });
    const product = await stripe.products.create({ name: "Pro" });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      collection_method: "send_invoice",
      days_until_due: 30,
      items: [{ price_data: { currency: "usd", product: product.id, unit_amount: 4_000, recurring: { interval: "month" } } }],
      discounts: [{ coupon: coupon.id }],
    });
    const discountId = subscription.discounts[0] as string;
    const invoice = await stripe.invoices.create({ customer: customer.id, subscription: subscription.id, collection_method: "send_invoice", days_until_due: 30, discounts: [{ discount: discountId }] });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 4_000, currency: "usd" });
    const priced = await stripe.invoices.retrieve(invoice.id!);
    expect(priced).toMatchObject({ subtotal: 4_000, total: 3_000, discounts: [discountId] });
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);

    // Not an ancestor: an invoice of no subscription, and a discount another invoice made.
    expect(await stripeError(stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30, discounts: [{ discount: discountId }] }))).toMatchObject({ statusCode: 400, param: "discounts[0][discount]" });
    const other = await stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30, discounts: [{ coupon: coupon.id }] });
    const invoiceDiscount = other.discounts[0] as string;
    expect(await stripeError(stripe.invoices.update(invoice.id!, { discounts: [{ discount: invoiceDiscount }] }))).toMatchObject({ statusCode: 400, param: "discounts[0][discount]" });
    expect(await stripeError(stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30, discounts: [{ discount: "di_nope" }] }))).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
