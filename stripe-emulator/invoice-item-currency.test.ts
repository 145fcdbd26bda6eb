// An invoice item's currency against its invoice's, with Stripe's semantics: one invoice has one
// currency, so an item in another (an amount, an inline price or an existing price) is refused
// and the invoice is unchanged; an existing price in the invoice's currency bills its unit amount
// × quantity and its line names the price (invoices.create bills lines under Stripe prices).
import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { setupTestEmulator, stripeError } from "./test-support";

const { stripe } = await setupTestEmulator();

async function draft(params: Partial<Stripe.InvoiceCreateParams> = {}) {
  const customer = await stripe.customers.create({ email: "buyer@acme.test" });
  const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", days_until_due: 30, ...params });
  return { customer, invoice };
}

describe("an invoice item's currency", () => {
  it("must be the invoice's: an amount, an inline price or an existing price in another currency is refused; the invoice is unchanged", async () => {
    const { customer, invoice } = await draft({ currency: "usd" });
    const product = await stripe.products.create({ name: "Seats" });
    const euro = await stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 500 });
    const dollar = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 500 });
    const onInvoice = { customer: customer.id, invoice: invoice.id };
    expect(await stripeError(stripe.invoiceItems.create({ ...onInvoice, amount: 100, currency: "eur" }))).toMatchObject({ statusCode: 400, code: undefined, param: "currency", message: expect.stringContaining("(eur)") });
    expect(await stripeError(stripe.invoiceItems.create({ ...onInvoice, pricing: { price: euro.id }, quantity: 2 }))).toMatchObject({ statusCode: 400, param: "pricing[price]" });
    expect(await stripeError(stripe.invoiceItems.create({ ...onInvoice, price_data: { currency: "eur", product: product.id, unit_amount: 100 } }))).toMatchObject({ statusCode: 400, param: "price_data[currency]" });
    expect((await stripe.invoices.retrieve(invoice.id!)).lines.data).toEqual([]);
    // In the invoice's currency, an existing price bills its unit amount × quantity, and the line names it.
    await stripe.invoiceItems.create({ ...onInvoice, pricing: { price: dollar.id }, quantity: 3 });
    const billed = await stripe.invoices.retrieve(invoice.id!);
    expect(billed.total).toBe(1500);
    expect(billed.lines.data.map((line) => [line.pricing?.price_details?.price, line.quantity, line.amount])).toEqual([[dollar.id, 3, 1500]]);
  });
});
