// invoices.create's per-invoice pricing through autumn-js against the handlers and the Stripe
// emulator (issue 18): customize.items prices a plan's feature on this invoice only (prepaid or
// usage_based, per billing_units, graduated or volume tiers with Stripe's tier arithmetic), so
// feature_quantities bill that feature on a line of its own; customize.price.processors (and an
// item price's) bill a line under an existing Stripe price; what has no meaning in Equinox
// (license plans, credit systems) is a 4xx with a stable code, and nothing is created.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createPaidTestPlan, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import * as invoicesCreate from "./invoices.create/route";

const { autumn } = await setupSdkApi({ "invoices.create": invoicesCreate }, { webhooks: stripeWebhook });

async function stripeLines(invoiceId: string): Promise<Stripe.InvoiceLineItem[]> {
  return (await testStripe().invoices.listLineItems(invoiceId, { limit: 100 })).data;
}

// 2026-01-01 → 2026-01-16: 15 of January's 31 days.
const periodStart = Date.UTC(2026, 0, 1);
const periodEnd = Date.UTC(2026, 0, 16);

describe("invoices.create: customize.items prices a plan's feature on this invoice", () => {
  it("a prepaid feature price bills its quantity on its own line (units × price in Stripe), the plan's base line stays one unit; the preview is the invoice", async () => {
    const customer = await createTestCustomer();
    const { plan, feature } = await createPaidTestPlan({ amount: 2000, included: 10 });
    const params = {
      customerId: customer.externalId!,
      plans: [
        {
          planId: plan.id,
          customize: { items: [{ featureId: feature.id, price: { amount: 5, interval: "month" as const, billingMethod: "prepaid" as const } }] },
          featureQuantities: [{ featureId: feature.id, billingBehavior: "prepaid" as const, quantity: 7 }],
        },
      ],
    };
    const preview = await autumn.invoices.create({ ...params, preview: true });
    expect(preview.invoice).toBeNull();
    expect(preview.preview.lines.map((l) => [l.planId, l.featureId, l.amount, l.quantity, l.prorated])).toEqual([
      [plan.id, null, 20, null, false],
      [plan.id, feature.id, 35, 7, false],
    ]);
    expect(preview.preview).toMatchObject({ subtotal: 55, total: 55, amountDue: 55 });

    const answer = await autumn.invoices.create(params);
    expect(answer.preview).toEqual({ ...preview.preview, dueDate: answer.preview.dueDate });
    expect(answer.invoice).toMatchObject({ status: "open", total: 55, planIds: [plan.id] });
    const lines = await stripeLines(answer.invoice!.stripeId);
    expect(lines.map((line) => [line.amount, line.quantity, line.metadata.equinox_feature_id ?? null])).toEqual([
      [2000, 1, null],
      [3500, 7, feature.id],
    ]);
  });

  it("usage_based prices: graduated and volume tiers as Stripe counts them, billing_units rounded up, not prorated by default; prepaid prorates over the period", async () => {
    const customer = await createTestCustomer();
    const { plan, feature } = await createPaidTestPlan({ amount: 3100 });
    const { plan: volumePlan, feature: volumeFeature } = await createPaidTestPlan({ amount: 1000 });
    const { plan: packPlan, feature: packFeature } = await createPaidTestPlan({ amount: 1000 });
    const tiers = [
      { to: 1000, amount: 0.01 },
      { to: "inf", amount: 0.005, flatAmount: 2 },
    ];
    const answer = await autumn.invoices.create({
      customerId: customer.externalId!,
      periodStart,
      periodEnd,
      plans: [
        {
          planId: plan.id,
          customize: { items: [{ featureId: feature.id, price: { tiers, tierBehavior: "graduated" as const, interval: "month" as const, billingMethod: "usage_based" as const } }] },
          featureQuantities: [{ featureId: feature.id, billingBehavior: "usage_based" as const, quantity: 2500 }],
        },
        {
          planId: volumePlan.id,
          customize: { price: null, items: [{ featureId: volumeFeature.id, price: { tiers, tierBehavior: "volume" as const, interval: "month" as const, billingMethod: "usage_based" as const } }] },
          featureQuantities: [{ featureId: volumeFeature.id, billingBehavior: "usage_based" as const, quantity: 2500 }],
        },
        {
          planId: packPlan.id,
          customize: { price: null, items: [{ featureId: packFeature.id, price: { amount: 1, billingUnits: 100, interval: "month" as const, billingMethod: "prepaid" as const } }] },
          featureQuantities: [{ featureId: packFeature.id, billingBehavior: "prepaid" as const, quantity: 250 }],
        },
      ],
    });
    // Base $31 for 15/31 of January: $15. Graduated: 1000 × 1¢ + 1500 × 0.5¢ + $2 = $19.50 (whole).
    // Volume: 2500 × 0.5¢ + $2 = $14.50. Packs: 250 → 3 packs of 100 at $1 = $3, × 15/31 = $1.45.
    expect(answer.preview.lines.map((l) => [l.featureId, l.amount, l.quantity, l.prorated])).toEqual([
      [null, 15, null, true],
      [feature.id, 19.5, 2500, false],
      [volumeFeature.id, 14.5, 2500, false],
      [packFeature.id, 1.45, 300, true],
    ]);
    expect(answer.invoice).toMatchObject({ status: "open", total: 50.45 });
    expect((await testStripe().invoices.retrieve(answer.invoice!.stripeId)).amount_due).toBe(5045);
  });

  it("refuses a usage_based quantity with no usage price, a price with neither or both of amount and tiers, and a feature the plan lacks", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { plan, feature } = await createPaidTestPlan();
    const { feature: other } = await createPaidTestPlan();
    const noUsagePrice = await sdkError(
      autumn.invoices.create({ customerId, plans: [{ planId: plan.id, featureQuantities: [{ featureId: feature.id, billingBehavior: "usage_based", quantity: 5 }] }] }),
    );
    expect(noUsagePrice).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(noUsagePrice.body.message).toContain("usage_based");
    const item = (price: Record<string, unknown>) => ({ featureId: feature.id, price: { interval: "month" as const, billingMethod: "prepaid" as const, ...price } });
    for (const price of [{}, { amount: 1, tiers: [{ to: "inf", amount: 1 }] }]) {
      expect(await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, customize: { items: [item(price)] } }] }))).toMatchObject({
        status: 400,
        body: { code: "invalid_inputs" },
      });
    }
    expect(
      await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, customize: { items: [{ ...item({ amount: 1 }), featureId: other.id }] } }] })),
    ).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);
  });
});

describe("invoices.create: processors.stripe.price_id bills a line under an existing Stripe price", () => {
  it("the plan's base line and a feature line carry the Stripe price (quantity × unit_amount); a price that does not match is refused before anything is made", async () => {
    const stripe = testStripe();
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { plan, feature } = await createPaidTestPlan({ amount: 2500 });
    const product = await stripe.products.create({ name: unique("Enterprise") });
    const base = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2500 });
    const seat = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 400 });
    const answer = await autumn.invoices.create({
      customerId,
      plans: [
        {
          planId: plan.id,
          customize: {
            price: { amount: 25, interval: "month", processors: { stripe: { priceId: base.id } } },
            items: [{ featureId: feature.id, price: { amount: 4, interval: "month", billingMethod: "prepaid", processors: { stripe: { priceId: seat.id } } } }],
          },
          featureQuantities: [{ featureId: feature.id, billingBehavior: "prepaid", quantity: 3 }],
        },
      ],
    });
    expect(answer.invoice).toMatchObject({ status: "open", total: 37 });
    const lines = await stripeLines(answer.invoice!.stripeId);
    expect(lines.map((line) => [line.pricing?.price_details?.price ?? null, line.quantity, line.amount])).toEqual([
      [base.id, 1, 2500],
      [seat.id, 3, 1200],
    ]);

    const euro = await stripe.prices.create({ product: product.id, currency: "eur", unit_amount: 2500 });
    const archived = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2500, active: false });
    const withPrice = (priceId: string, amount = 25) => ({ customerId, plans: [{ planId: plan.id, customize: { price: { amount, interval: "month" as const, processors: { stripe: { priceId } } } } }] });
    const monthly = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2500, recurring: { interval: "month" } });
    for (const params of [withPrice(unique("price_missing")), withPrice(base.id, 30), withPrice(euro.id), withPrice(archived.id), withPrice(monthly.id)]) {
      const refused = await sdkError(autumn.invoices.create(params));
      expect(refused).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
      expect(refused.body.message).toContain("processors.stripe.price_id");
    }
    // A Stripe price bills whole units: a prorated line cannot be billed under one.
    expect(await sdkError(autumn.invoices.create({ ...withPrice(base.id), periodStart, periodEnd }))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(1);
  });
});

describe("invoices.create: what has no meaning in Equinox is a 4xx with a stable code", () => {
  it("license plans (not_found, as any unknown plan), credit-system usage and rate cards (invalid_request); nothing is created", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { plan, feature } = await createPaidTestPlan();
    const license = await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, licenseQuantities: [{ licensePlanId: "seat", quantity: 2 }] }] }));
    expect(license).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(license.body.message).toContain("license plan");
    const usage = await sdkError(
      autumn.invoices.create({
        customerId,
        plans: [{ planId: plan.id, featureQuantities: [{ featureId: feature.id, billingBehavior: "prepaid", usage: [{ featureId: feature.id, quantity: 10 }] }] }],
      }),
    );
    expect(usage).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(usage.body.message).toContain("credit system");
    const rateCard = await sdkError(
      autumn.invoices.create({
        customerId,
        plans: [{ planId: plan.id, customize: { items: [{ featureId: feature.id, featureOverride: { creditSchema: [{ meteredFeatureId: feature.id, creditCost: 1 }] } }] } }],
      }),
    );
    expect(rateCard).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(rateCard.body.message).toContain("credit system");
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);
  });
});
