// The preview's discount arithmetic agrees with Stripe's defaults: a negative line (a credit)
// takes none of the invoice's discounts unless it is made discountable.
import { describe, expect, it } from "vitest";
import { invoicePreview, type DraftLine } from "./invoice-preview";

const line = (amount: number, extra: Partial<DraftLine> = {}): DraftLine => ({ planId: null, description: "line", amount, quantity: null, period: null, metadata: {}, ...extra });
const tenPercent = { discounts: [{ id: "ten", percentOff: 10 }] };

describe("invoicePreview with a credit line", () => {
  it("leaves a negative line whole under the invoice's percent discount, as Stripe does by default", () => {
    expect(invoicePreview("usd", [line(5_000), line(-1_000)], null, undefined, tenPercent)).toMatchObject({ subtotal: 40, discount_total: 5, total: 35 });
  });

  it("discounts a negative line made discountable", () => {
    expect(invoicePreview("usd", [line(5_000), line(-1_000, { discountable: true })], null, undefined, tenPercent)).toMatchObject({ subtotal: 40, total: 36 });
  });
});
