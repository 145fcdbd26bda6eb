// invoices.reissue with discounts that cannot be redeemed again, through autumn-js against the
// Stripe emulator: the original's promotion code used up (max_redemptions) → the replacement
// carries its coupon (the discount was granted already, the code's limit is about new uses); a
// coupon used up → refused as invalid_request naming it, the original still open (nothing voided).
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createStripeTestCustomer, testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import * as invoicesReissue from "./invoices.reissue/route";

const { autumn } = await setupSdkApi({ "invoices.reissue": invoicesReissue }, { webhooks: stripeWebhook });

/** An open send-invoice invoice of $42.00 with `discounts` on the whole invoice. */
async function openInvoiceWith(discounts: Stripe.InvoiceCreateParams.Discount[]): Promise<Stripe.Invoice> {
  const customer = await createTestCustomer();
  const stripeCustomer = await createStripeTestCustomer();
  await db().customer.update({ where: { id: customer.id }, data: { stripeId: stripeCustomer.id } });
  const stripe = testStripe();
  const draft = await stripe.invoices.create({ customer: stripeCustomer.id, collection_method: "send_invoice", days_until_due: 30, pending_invoice_items_behavior: "exclude", discounts });
  await stripe.invoiceItems.create({ customer: stripeCustomer.id, invoice: draft.id, amount: 4200, currency: "usd", description: "Consulting" });
  return mirrored(await stripe.invoices.finalizeInvoice(draft.id!));
}

/** The invoice once Equinox has it: an invoice made in Stripe is known when its webhook has mirrored it. */
async function mirrored(invoice: Stripe.Invoice): Promise<Stripe.Invoice> {
  await testEmulator().flushWebhooks();
  return invoice;
}

describe("invoices.reissue of discounts that cannot be redeemed again", () => {
  it("a promotion code used up (max_redemptions 1, spent by the original): the replacement carries its coupon, same total", async () => {
    const stripe = testStripe();
    const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const promotion = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: fiveOff.id }, code: unique("ONCE5").toUpperCase(), max_redemptions: 1 });
    const original = await openInvoiceWith([{ promotion_code: promotion.id }]);
    expect(original.total).toBe(3700);
    expect((await stripe.promotionCodes.retrieve(promotion.id)).times_redeemed).toBe(1);

    const answer = await autumn.invoices.reissue({ invoiceId: original.id! });
    expect(answer.invoice).toMatchObject({ status: "open", total: 37 });
    const replacement = await stripe.invoices.retrieve(answer.invoice!.stripeId, { expand: ["discounts"] });
    expect(replacement.total).toBe(3700);
    expect((replacement.discounts as Stripe.Discount[]).map((discount) => [discount.source.coupon, discount.promotion_code])).toEqual([[fiveOff.id, null]]);
    expect((await stripe.invoices.retrieve(original.id!)).status).toBe("void");
  });

  it("a coupon used up (max_redemptions 1, spent by the original): refused as invalid_request naming it; the original stays open", async () => {
    const stripe = testStripe();
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once", max_redemptions: 1 });
    const original = await openInvoiceWith([{ coupon: tenPercent.id }]);
    expect(original.total).toBe(3780);

    const refused = await sdkError(autumn.invoices.reissue({ invoiceId: original.id! }));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(refused.body.message).toContain(tenPercent.id);
    expect((await stripe.invoices.retrieve(original.id!)).status).toBe("open");
  });
});

describe("invoices.reissue carries line-item discounts and the invoice's default tax rates", () => {
  /** $42 consulting with its own 10% coupon, $10 travel without; $5 off the whole invoice; `rates` on every line. */
  async function openInvoiceWithLineDiscount(rates: string[]) {
    const stripe = testStripe();
    const customer = await createTestCustomer();
    const stripeCustomer = await createStripeTestCustomer();
    await db().customer.update({ where: { id: customer.id }, data: { stripeId: stripeCustomer.id } });
    const lineCoupon = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const invoiceCoupon = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const draft = await stripe.invoices.create({
      customer: stripeCustomer.id,
      collection_method: "send_invoice",
      days_until_due: 30,
      pending_invoice_items_behavior: "exclude",
      discounts: [{ coupon: invoiceCoupon.id }],
      default_tax_rates: rates,
    });
    await stripe.invoiceItems.create({ customer: stripeCustomer.id, invoice: draft.id, amount: 4200, currency: "usd", description: "Consulting", discounts: [{ coupon: lineCoupon.id }] });
    await stripe.invoiceItems.create({ customer: stripeCustomer.id, invoice: draft.id, amount: 1000, currency: "usd", description: "Travel" });
    return { original: await mirrored(await stripe.invoices.finalizeInvoice(draft.id!)), lineCoupon, invoiceCoupon };
  }

  it("the replacement has the line's own coupon on that line, the invoice's discount, and the same tax rate: same total, and the preview says so", async () => {
    const stripe = testStripe();
    const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const { original, lineCoupon, invoiceCoupon } = await openInvoiceWithLineDiscount([vat.id]);
    // Consulting 4200 − 420 = 3780, travel 1000; $5 off spread: 3780 − 395, 1000 − 105 → 3385 + 895 = 4280; VAT 20% → 677 + 179 = 856.
    expect(original.total).toBe(5136);

    const preview = await autumn.invoices.reissue({ invoiceId: original.id!, preview: true });
    expect(preview.preview).toMatchObject({ subtotal: 52, discountTotal: 9.2, total: 51.36, tax: { total: 8.56, amountExclusive: 8.56 } });
    expect(preview.preview.lines.map((line) => [line.description, line.amount, line.amountAfterDiscounts])).toEqual([
      ["Consulting", 42, 33.85],
      ["Travel", 10, 8.95],
    ]);

    const answer = await autumn.invoices.reissue({ invoiceId: original.id! });
    expect(answer.invoice).toMatchObject({ status: "open", total: 51.36 });
    const replacement = await stripe.invoices.retrieve(answer.invoice!.stripeId, { expand: ["discounts"] });
    expect(replacement.total).toBe(5136);
    expect(replacement.default_tax_rates.map((rate) => rate.id)).toEqual([vat.id]);
    expect((replacement.discounts as Stripe.Discount[]).map((discount) => discount.source.coupon)).toEqual([invoiceCoupon.id]);
    const items = (await stripe.invoiceItems.list({ invoice: replacement.id, limit: 10, expand: ["data.discounts"] })).data.sort((a, b) => b.amount - a.amount);
    expect(items.map((item) => [item.description, (item.discounts as Stripe.Discount[]).map((discount) => discount.source.coupon)])).toEqual([
      ["Consulting", [lineCoupon.id]],
      ["Travel", []],
    ]);
    expect((await stripe.invoices.retrieve(original.id!)).status).toBe("void");
  });

  it("a tax rate archived since the original: refused as invalid_request naming it; the original stays open", async () => {
    const stripe = testStripe();
    const vat = await stripe.taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const { original } = await openInvoiceWithLineDiscount([vat.id]);
    await stripe.taxRates.update(vat.id, { active: false });
    const refused = await sdkError(autumn.invoices.reissue({ invoiceId: original.id! }));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(refused.body.message).toContain(vat.id);
    expect((await stripe.invoices.retrieve(original.id!)).status).toBe("open");
  });
});
