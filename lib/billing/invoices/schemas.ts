// Inputs of invoices.list, .pay, .void, .create and .reissue (autumn-js 1.3.13's wire names).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { customPriceSchema, discountSchema } from "@/lib/billing/api/schemas";

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

const money = z
  .number({ error: "must be a number" })
  .finite()
  .min(-10_000_000, "must be at least -10000000")
  .max(10_000_000, "must be at most 10000000")
  .meta({ description: "In major units (dollars): 10.50. Negative for a credit." });
const netTermsDays = z.number().int("must be a whole number").min(0, "must be at least 0").max(730, "must be at most 730");
/** Accepted on the wire (autumn-js sends them) and refused by the domain function with a stable 4xx code: they have no meaning in Equinox. */
const refusedHere = z.unknown().optional();
const msTimestamp = z.number().int("must be a whole number of milliseconds").min(0, "must not be negative").max(8_640_000_000_000_000);
const priceInterval = z.enum(["one_off", "week", "month", "quarter", "semi_annual", "year"]);
const intervalCount = z.number().int("must be a whole number").min(1, "must be at least 1").max(12, "must be at most 12").default(1);

/** `processors.stripe.price_id`: bill the line under this existing Stripe price (price_…) instead of an inline amount. */
const processorsSchema = z.object({
  stripe: z.object({ price_id: z.string({ error: "is required" }).trim().min(1, "is required").max(200) }).nullable().optional(),
});

/**
 * plans[].feature_quantities: how many of a plan's feature to bill. With a price for the feature in
 * customize.items (of the same billing_behavior), the quantity is billed at that price on a line of
 * its own; a prepaid quantity without one buys the plan in units of the feature's included amount,
 * as attach reads it (lib/billing/preview/plan-choice.ts). `usage` converts through a credit
 * system's rate card: Equinox has none, so it is refused.
 */
const invoiceFeatureQuantity = z.object({
  feature_id: z.string({ error: "is required" }).trim().min(1, "is required").max(64),
  billing_behavior: z.enum(["prepaid", "usage_based"]).default("prepaid"),
  quantity: z.number({ error: "must be a number" }).finite().min(0, "must not be negative").max(1_000_000_000).optional(),
  usage: refusedHere,
  prorate: z.boolean().optional(),
});

const tierAmount = z.number({ error: "must be a number" }).finite().min(0, "must not be negative").max(100_000_000, "must be at most 100000000");
/** One tier of a feature price: `to` in feature units (`inf` for the last), `amount` per billing unit, `flat_amount` once for the tier. */
const priceTier = z.object({
  to: z.union([z.number().finite().positive("must be positive"), z.literal("inf")], { error: "must be a positive number or \"inf\"" }),
  amount: tierAmount.optional(),
  flat_amount: tierAmount.optional(),
  additional_currencies: refusedHere,
});

/** customize.items[].price: what one feature costs on this invoice (Autumn's item price; amounts in major units). */
const invoiceItemPrice = z
  .object({
    amount: tierAmount.optional(),
    tiers: z.array(priceTier).min(1, "at least one tier").max(50, "at most 50").optional(),
    tier_behavior: z.enum(["graduated", "volume"]).default("graduated"),
    interval: priceInterval,
    interval_count: intervalCount,
    billing_units: z.number().int("must be a whole number").min(1, "must be at least 1").max(1_000_000_000).default(1),
    billing_method: z.enum(["prepaid", "usage_based"]),
    processors: processorsSchema.optional(),
  })
  .superRefine((price, ctx) => {
    if ((price.amount === undefined) === (price.tiers === undefined)) ctx.addIssue({ code: "custom", path: ["amount"], message: "give either amount or tiers" });
    const tiers = price.tiers ?? [];
    tiers.forEach((tier, index) => {
      const last = index === tiers.length - 1;
      if (last !== (tier.to === "inf")) ctx.addIssue({ code: "custom", path: ["tiers", index, "to"], message: last ? "the last tier must be \"inf\"" : "only the last tier may be \"inf\"" });
      const previous = index > 0 ? tiers[index - 1]!.to : 0;
      if (typeof tier.to === "number" && typeof previous === "number" && tier.to <= previous) ctx.addIssue({ code: "custom", path: ["tiers", index, "to"], message: "must be above the previous tier's" });
    });
  });

/** plans[].customize: this invoice's base price (attach's customize.price), and per-feature prices (items). */
const invoiceCustomize = z.object({
  price: customPriceSchema.extend({ processors: processorsSchema.optional() }).nullable().optional(),
  items: z
    .array(
      z.object({
        feature_id: z.string({ error: "is required" }).trim().min(1, "is required").max(64),
        price: invoiceItemPrice.optional(),
        feature_override: refusedHere,
      }),
    )
    .max(100, "at most 100")
    .optional(),
});

/** invoices.create: catalog plans (at list or negotiated price, per feature quantity, prorated over a period) and/or custom charges. */
export const createInvoiceInput = z.object({
  customer_id: z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).trim().min(1, "is required").max(256),
  plans: z
    .array(
      z.object({
        plan_id: z.string({ error: "is required" }).trim().min(1, "is required").max(256),
        version: z.number().int("must be a whole number").min(1, "must be at least 1").optional(),
        prorate: z.boolean().optional().meta({ description: "Prorate the plan's line over period_start → period_end (default true); without a period the plan is charged in full." }),
        customize: invoiceCustomize.optional(),
        feature_quantities: z.array(invoiceFeatureQuantity).max(100, "at most 100").optional(),
        license_quantities: z
          .array(
            z.object({
              license_plan_id: z.string({ error: "is required" }).trim().min(1, "is required").max(256),
              quantity: z.number({ error: "must be a number" }).finite().min(0, "must not be negative").max(1_000_000_000),
            }),
          )
          .max(20, "at most 20")
          .optional()
          .meta({ description: "Seats through a license plan linked to the plan: Equinox has no license plans, so any named is not_found." }),
        discounts: z.array(discountSchema).max(20, "at most 20").optional().meta({ description: "Stripe coupons (reward_id) or promotion codes on this plan's line only." }),
      }),
    )
    .max(20, "at most 20")
    .optional(),
  custom_line_items: z
    .array(z.object({ amount: money, description: z.string({ error: "is required" }).trim().min(1, "is required").max(500, "must be at most 500 characters") }))
    .max(100, "at most 100")
    .optional(),
  discounts: z.array(discountSchema).max(20, "at most 20").optional().meta({ description: "Stripe coupons (reward_id) or promotion codes on the whole invoice." }),
  invoice_template_id: z.string().max(200).optional(),
  net_terms_days: netTermsDays.optional().meta({ description: "Days until the invoice is due; 30 when not given." }),
  tax_rate_id: z.string().trim().min(1, "is required").max(200).optional().meta({ description: "A Stripe tax rate (txr_…) applied to every line (the invoice's default_tax_rates)." }),
  period_start: msTimestamp.optional(),
  period_end: msTimestamp.optional(),
  preview: z.boolean().default(false),
}).superRefine((input, ctx) => {
  if ((input.period_start === undefined) !== (input.period_end === undefined)) {
    ctx.addIssue({ code: "custom", path: [input.period_start === undefined ? "period_start" : "period_end"], message: "give period_start and period_end together" });
  } else if (input.period_start !== undefined && input.period_end !== undefined && input.period_end <= input.period_start) {
    ctx.addIssue({ code: "custom", path: ["period_end"], message: "must be after period_start" });
  }
});
export type CreateInvoiceInput = z.input<typeof createInvoiceInput>;

/** Metadata on a voided invoice naming its replacement (invoices.reissue): its void expires nothing. */
export const REISSUED_AS_METADATA = "equinox_reissued_as";

/** invoices.reissue: void an open send-invoice invoice and issue it again. */
export const reissueInvoiceInput = invoiceRefInput.extend({
  invoice_template_id: z.string().max(200).optional(),
  net_terms_days: netTermsDays.optional().meta({ description: "Required when the original's due date has passed; the original's due date otherwise." }),
  preview: z.boolean().default(false),
  update_customer_email: z.email("must be an email address").max(320).optional(),
  invoice: refusedHere,
  customer: refusedHere,
  lines: refusedHere,
});
export type ReissueInvoiceInput = z.input<typeof reissueInvoiceInput>;
