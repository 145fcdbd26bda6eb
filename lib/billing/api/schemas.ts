// Inputs of the API's billing lifecycle routes (billing.attach's options, preview_attach, update,
// preview_update, multi_attach and its preview), with autumn-js 1.3.13's wire names. Unknown keys
// are ignored, as Autumn's server does: the SDK sends fields Equinox has no use for
// (checkout_session_params, tax_rate_id, ...). Amounts on the wire are major units (dollars).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { httpUrlSchema } from "@/lib/utils/http-url-schema";
import { billingOptionsSchema } from "@/lib/billing/lifecycle/billing-options";

const requiredString = (what = "is required") =>
  z.string({ error: (issue) => (issue.input === undefined ? what : "must be a string") }).trim().min(1, what);

const customerIdField = requiredString().max(256, "must be at most 256 characters");
const planIdField = requiredString().max(64, "must be at most 64 characters");
const msTimestamp = z.number().int("must be a whole number of milliseconds").min(0, "must not be negative").max(8_640_000_000_000_000);

/** Major units with at most two decimals (what the SDK sends for a price). */
const majorAmount = z
  .number()
  .finite()
  .min(0, "must not be negative")
  .max(100_000_000, "must be at most 100000000")
  .refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, "must have at most two decimals");

export const featureQuantitySchema = z.object({
  feature_id: requiredString().max(64),
  quantity: z.number().finite().min(0, "must not be negative").max(1_000_000_000).optional(),
  adjustable: z.boolean().optional(),
});
export type FeatureQuantity = z.output<typeof featureQuantitySchema>;

export const freeTrialInputSchema = z.object({
  duration_length: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000),
  duration_type: z.enum(["day", "month", "year"]).default("month"),
  card_required: z.boolean().default(false),
  on_end: z.enum(["bill", "revert"]).default("bill"),
});
export type FreeTrialInput = z.output<typeof freeTrialInputSchema>;

/** customize.price: the plan's base price for this customer only. */
export const customPriceSchema = z.object({
  amount: majorAmount,
  interval: z.enum(["one_off", "week", "month", "quarter", "semi_annual", "year"]),
  interval_count: z.number().int().min(1).max(12).default(1),
});

/** customize.items: per-feature overrides of the plan's items for this customer. */
const customItemSchema = z.object({
  feature_id: requiredString().max(64),
  included: z.number().finite().min(0, "must not be negative").optional(),
  unlimited: z.boolean().optional(),
  reset: z.object({ interval: z.string(), interval_count: z.number().optional() }).optional(),
  price: z.unknown().optional(),
});

export const customizeSchema = z.object({
  price: customPriceSchema.nullable().optional(),
  items: z.array(customItemSchema).max(100, "at most 100 items").optional(),
  free_trial: freeTrialInputSchema.nullable().optional(),
});
export type CustomizeInput = z.output<typeof customizeSchema>;

/**
 * Autumn's invoice_mode, checked with the billing options' own rules (B's base schema,
 * lib/billing/lifecycle/billing-options.ts): net terms use its bounds.
 */
export const invoiceModeSchema = z.object({
  enabled: z.boolean(),
  enable_plan_immediately: z.boolean().default(false),
  finalize: z.boolean().default(true),
  net_terms_days: billingOptionsSchema.shape.days_until_due.unwrap().optional(),
});

export const discountSchema = z
  .object({
    reward_id: z.string().trim().min(1).max(200).optional(),
    promotion_code: z.string().trim().min(1).max(200).optional(),
  })
  .refine((d) => (d.reward_id === undefined) !== (d.promotion_code === undefined), "give either reward_id (a Stripe coupon id) or promotion_code");
export type DiscountInput = z.output<typeof discountSchema>;

const planOptions = {
  feature_quantities: z.array(featureQuantitySchema).max(100).optional(),
  version: z.number().int().min(1).optional(),
  customize: customizeSchema.optional(),
};

const attachShape = {
  customer_id: customerIdField,
  entity_id: z.string().optional(),
  plan_id: planIdField,
  ...planOptions,
  free_trial: freeTrialInputSchema.nullable().optional(),
  invoice_mode: invoiceModeSchema.optional(),
  proration_behavior: z.enum(["prorate_immediately", "none"]).optional(),
  redirect_mode: z.enum(["always", "if_required", "never"]).optional(),
  discounts: z.array(discountSchema).max(20).optional(),
  success_url: httpUrlSchema.optional(),
  plan_schedule: z.enum(["immediate", "end_of_cycle"]).optional(),
  starts_at: msTimestamp.optional(),
  ends_at: msTimestamp.optional(),
  enable_plan_immediately: z.boolean().optional(),
};

function checkDates(input: { starts_at?: number; ends_at?: number }, ctx: z.RefinementCtx) {
  if (input.starts_at !== undefined && input.ends_at !== undefined && input.ends_at <= input.starts_at) {
    ctx.addIssue({ code: "custom", path: ["ends_at"], message: "must be after starts_at" });
  }
}

/** billing.attach and billing.preview_attach (and POST /v1/attach). */
export const attachInputSchema = z.object(attachShape).superRefine(checkDates);
export type AttachInput = z.input<typeof attachInputSchema>;
export type AttachOptions = z.output<typeof attachInputSchema>;

/** billing.update's parameters (Autumn's) that Equinox refuses as not_supported rather than ignore. */
export const UNSUPPORTED_UPDATE_FIELDS = [
  "free_trial",
  "custom_line_items",
  "billing_cycle_anchor",
  "no_billing_changes",
  "subscription_params",
  "recalculate_balances",
  "carry_over_usages",
  "license_quantities",
] as const;

const notSupported = z.unknown().optional().describe("Not supported by Equinox: a request that gives it is refused (not_supported)");

/** billing.update and billing.preview_update. */
export const updateInputSchema = z.object({
  customer_id: customerIdField,
  entity_id: z.string().optional(),
  plan_id: planIdField.optional(),
  subscription_id: z.string().trim().min(1).max(200).optional(),
  ...planOptions,
  cancel_action: z.enum(["cancel_immediately", "cancel_end_of_cycle", "uncancel"]).optional(),
  /** With cancel_immediately: give back the unused part of the last payment, or all of it. */
  refund_last_payment: z.enum(["prorated", "full"]).optional(),
  proration_behavior: z.enum(["prorate_immediately", "none"]).optional(),
  redirect_mode: z.enum(["always", "if_required", "never"]).optional(),
  discounts: z.array(discountSchema).max(20).optional(),
  // Autumn's parameters Equinox does not carry out: kept so that a request naming one is refused
  // by name (not_supported, updateCustomerPlanBilling), never silently ignored.
  /** Accepted when it says how the plan is billed already (updateCustomerPlanBilling); changing it is not supported. */
  invoice_mode: invoiceModeSchema.extend({ enable_plan_immediately: z.boolean().optional(), finalize: z.boolean().optional() }).optional(),
  free_trial: notSupported,
  custom_line_items: notSupported,
  billing_cycle_anchor: notSupported,
  no_billing_changes: notSupported,
  subscription_params: notSupported,
  recalculate_balances: notSupported,
  carry_over_usages: notSupported,
  license_quantities: notSupported,
}).superRefine((input, ctx) => {
  if (input.refund_last_payment !== undefined && input.cancel_action !== "cancel_immediately") {
    ctx.addIssue({ code: "custom", path: ["refund_last_payment"], message: "only goes with cancel_action cancel_immediately" });
  }
});
export type UpdateInput = z.input<typeof updateInputSchema>;
export type UpdateOptions = z.output<typeof updateInputSchema>;

const multiPlanSchema = z.object({ plan_id: planIdField, ...planOptions });

/** billing.multi_attach and billing.preview_multi_attach. */
export const multiAttachInputSchema = z
  .object({
    customer_id: customerIdField,
    entity_id: z.string().optional(),
    plans: z.array(multiPlanSchema).min(1, "must name at least one plan").max(20, "at most 20 plans"),
    free_trial: freeTrialInputSchema.nullable().optional(),
    starts_at: msTimestamp.optional(),
    invoice_mode: invoiceModeSchema.optional(),
    discounts: z.array(discountSchema).max(20).optional(),
    success_url: httpUrlSchema.optional(),
    redirect_mode: z.enum(["always", "if_required", "never"]).optional(),
    enable_plan_immediately: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.plans.forEach((plan, index) => {
      if (seen.has(plan.plan_id)) ctx.addIssue({ code: "custom", path: ["plans", index, "plan_id"], message: `${plan.plan_id} appears twice` });
      seen.add(plan.plan_id);
    });
  });
export type MultiAttachInput = z.input<typeof multiAttachInputSchema>;
export type MultiAttachOptions = z.output<typeof multiAttachInputSchema>;
