// The /v1 plans.* requests in Autumn's wire names (autumn-js 1.3.13's `CreatePlanParams`,
// `UpdatePlanParams`, ...), each derived onto the domain schema of lib/plans/schemas.ts. Kept
// apart from schemas.ts so that the plan editor does not ship them.
//
// Amounts are in major units (dollars) on the wire and minor units (cents) in Equinox. What
// Equinox does not implement (per-unit item prices, tiers, rollovers, licenses, variants, spend
// limits, other currencies, intervals other than Equinox's) is refused by name with a 400, never
// half-applied; the values the SDK sends by default (pooled: false, interval_count: 1,
// create_in_stripe, ...) are accepted.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { featureIdSchema } from "@/lib/features/schemas";
import { unsupported } from "@/lib/features/api-schemas";
import { createPlanSchema, deletePlanSchema, getPlanSchema, listPlansSchema, planIdSchema, updatePlanSchema } from "./schemas";

const NOT_SUPPORTED = "is not supported by Equinox";
const onlyOne = z.number().refine((n) => n === 1, `other than 1 ${NOT_SUPPORTED}`).optional();
const onlyFalse = z.boolean().refine((b) => !b, `true ${NOT_SUPPORTED}`).optional();

const priceSchema = z.object({
  amount: z
    .number()
    .finite()
    .min(0, "must not be negative")
    .refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, "must have at most two decimals"),
  interval: z.enum(["one_off", "month", "quarter", "year"], { error: `must be one_off, month, quarter or year (week and semi_annual are not supported by Equinox)` }),
  interval_count: onlyOne,
  additional_currencies: unsupported,
});

const resetSchema = z.object({
  interval: z.enum(["one_off", "day", "week", "month", "quarter", "year"], {
    error: "must be one_off, day, week, month, quarter or year (minute, hour and semi_annual are not supported by Equinox)",
  }),
  interval_count: onlyOne,
});

const itemSchema = z.object({
  feature_id: featureIdSchema,
  included: z.number().finite().min(0, "must not be negative").optional(),
  unlimited: z.boolean().optional(),
  reset: resetSchema.optional(),
  /** Autumn's per-entity item: each entity of this continuous-use feature gets the item's own balance. */
  entity_feature_id: featureIdSchema.nullish(),
  pooled: onlyFalse,
  price: unsupported,
  proration: unsupported,
  rollover: unsupported,
  expiry: unsupported,
  feature_override: unsupported,
  threshold_billing: unsupported,
});

const freeTrialSchema = z.object({
  duration_length: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000"),
  duration_type: z.enum(["day", "month", "year"]).default("month"),
  card_required: z.boolean().default(false),
  on_end: z.enum(["bill", "revert"]).default("bill"),
});

const billingControlsSchema = z.object({
  overage_allowed: z.array(z.object({ feature_id: featureIdSchema, enabled: z.boolean().default(false) })).optional(),
  auto_topups: unsupported,
  spend_limits: unsupported,
  usage_limits: unsupported,
  usage_alerts: unsupported,
});

const configSchema = z.object({ ignore_past_due: onlyFalse });

const planFields = {
  plan_id: planIdSchema,
  name: createPlanSchema.shape.name,
  description: z.string().max(1000).nullish(),
  group: z.string().max(64).optional(),
  add_on: z.boolean().optional(),
  auto_enable: z.boolean().optional(),
  items: z.array(itemSchema).max(100, "at most 100 items").optional(),
  config: configSchema.optional(),
  billing_controls: billingControlsSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  create_in_stripe: z.boolean().optional(),
  licenses: unsupported,
};

type WireItem = z.output<typeof itemSchema>;
type WireControls = z.output<typeof billingControlsSchema> | undefined;

const centsOf = (price: z.output<typeof priceSchema>) => ({ amount: Math.round(price.amount * 100), interval: price.interval });
const trialOf = (trial: z.output<typeof freeTrialSchema>) => ({ length: trial.duration_length, unit: trial.duration_type, cardRequired: trial.card_required, onEnd: trial.on_end });

/** Overage per feature, from billing_controls.overage_allowed; undefined where it says nothing. */
function overageOf(controls: WireControls): Map<string, boolean> {
  return new Map((controls?.overage_allowed ?? []).map((entry) => [entry.feature_id, entry.enabled]));
}

function itemsOf(items: WireItem[], controls: WireControls) {
  const overage = overageOf(controls);
  return items.map((item) => ({
    featureId: item.feature_id,
    included: item.included ?? 0,
    unlimited: item.unlimited ?? false,
    resetInterval: !item.reset || item.reset.interval === "one_off" ? ("none" as const) : item.reset.interval,
    overageAllowed: overage.get(item.feature_id),
    entityFeatureId: item.entity_feature_id,
  }));
}

export const createPlanApiSchema = z
  .object({ ...planFields, price: priceSchema.nullish(), free_trial: freeTrialSchema.nullish() })
  .transform((body) =>
    createPlanSchema.parse({
      planId: body.plan_id,
      name: body.name,
      description: body.description ?? null,
      group: body.group ?? null,
      isDefault: body.auto_enable ?? false,
      isAddOn: body.add_on ?? false,
      price: body.price ? centsOf(body.price) : null,
      items: itemsOf(body.items ?? [], body.billing_controls),
      freeTrial: body.free_trial ? trialOf(body.free_trial) : null,
      metadata: body.metadata ?? {},
    }),
  );

export const updatePlanApiSchema = z
  .object({
    ...planFields,
    name: planFields.name.optional(),
    price: priceSchema.nullable().optional(),
    free_trial: freeTrialSchema.nullable().optional(),
    is_default: z.boolean().optional(),
    archived: z.boolean().optional(),
    new_plan_id: planIdSchema.optional(),
    force_version: z.boolean().optional(),
    migration: z.object({ draft: z.boolean().default(false), include_custom: z.boolean().optional() }).optional(),
    version: unsupported,
    base_plan_id: unsupported,
    disable_version: onlyFalse,
    all_versions: onlyFalse,
    update_variant_ids: unsupported,
    update_license_parents: unsupported,
    variants: unsupported,
  })
  .transform((body) =>
    updatePlanSchema.parse({
      planId: body.plan_id,
      newPlanId: body.new_plan_id,
      name: body.name,
      description: body.description,
      group: body.group,
      isDefault: body.auto_enable ?? body.is_default,
      isAddOn: body.add_on,
      price: body.price === undefined ? undefined : body.price === null ? null : centsOf(body.price),
      items: body.items ? itemsOf(body.items, body.billing_controls) : undefined,
      overage: body.billing_controls?.overage_allowed ? Object.fromEntries(overageOf(body.billing_controls)) : undefined,
      freeTrial: body.free_trial === undefined ? undefined : body.free_trial === null ? null : trialOf(body.free_trial),
      metadata: body.metadata,
      archived: body.archived,
      forceVersion: body.force_version,
      migrateCustomers: body.migration && !body.migration.draft ? { includeCustom: body.migration.include_custom ?? true } : undefined,
    }),
  );

export const getPlanApiSchema = z
  .object({ plan_id: planIdSchema, version: z.number().int().min(1).optional() })
  .transform((body) => getPlanSchema.parse({ planId: body.plan_id, version: body.version }));

export const deletePlanApiSchema = z
  .object({ plan_id: planIdSchema, all_versions: z.boolean().optional() })
  .transform((body) => deletePlanSchema.parse({ planId: body.plan_id }));

export const listPlansApiSchema = z
  .object({
    customer_id: z.string().optional(),
    entity_id: z.string().optional(),
    include_archived: z.boolean().optional(),
    all_versions: onlyFalse,
  })
  .transform((body) => listPlansSchema.parse({ customerId: body.customer_id, includeArchived: body.include_archived ?? false }));
