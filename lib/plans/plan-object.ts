// The plan object of the public API, as autumn-js 1.3.13's `Plan$inboundSchema` (and
// `ListPlansList`, `CreatePlanResponse`, ...) read it. Prices are in major units (dollars), as
// Autumn's are; Equinox keeps minor units. An item's overage is Autumn's plan-level
// billing_controls.overage_allowed. Times are milliseconds since the epoch.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import type { Env, ResetInterval } from "@/lib/generated/prisma";
import type { PlanView } from "./plan-view";
import type { PlanEligibility } from "./plan-eligibility";

const ms = z.number().meta({ description: "Milliseconds since the Unix epoch." });

const apiPlanFeatureSchema = z
  .object({ id: z.string(), name: z.string(), type: z.enum(["boolean", "single_use", "continuous_use"]), archived: z.boolean() })
  .strict();

export const apiPlanItemSchema = z
  .object({
    feature_id: z.string(),
    feature: apiPlanFeatureSchema,
    included: z.number().meta({ description: "Usage included per reset period (0 for boolean features and unlimited items)." }),
    unlimited: z.boolean(),
    pooled: z.boolean(),
    reset: z
      .object({ interval: z.enum(["day", "week", "month", "quarter", "year"]) })
      .strict()
      .nullable()
      .meta({ description: "null: the balance never resets (continuous-use, boolean, or a one-off grant)." }),
    price: z.null().meta({ description: "Equinox has no per-unit item prices." }),
    entity_feature_id: z
      .string()
      .optional()
      .meta({ description: "Per-entity item: each entity of this continuous-use feature (a seat) gets `included` of its own. Absent: the customer's balance." }),
  })
  .strict()
  .meta({ id: "PlanItem" });

export const apiFreeTrialSchema = z
  .object({ duration_length: z.number(), duration_type: z.enum(["day", "month", "year"]), card_required: z.boolean(), on_end: z.enum(["bill", "revert"]) })
  .strict()
  .meta({ id: "FreeTrial" });

export const apiCustomerEligibilitySchema = z
  .object({
    trial_available: z.boolean().optional(),
    status: z.enum(["active", "scheduled"]).optional(),
    canceling: z.boolean().optional(),
    trialing: z.boolean().optional(),
    attach_action: z.enum(["activate", "upgrade", "downgrade", "none", "purchase"]),
  })
  .strict()
  .meta({ id: "CustomerEligibility", description: "With customer_id: what the plan means for that customer, as a pricing table renders it." });

export const apiPlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    group: z.string().nullable(),
    version: z.number(),
    add_on: z.boolean(),
    auto_enable: z.boolean().meta({ description: "Enabled for every new customer (a default plan)." }),
    price: z
      .object({ amount: z.number().meta({ description: "Major units (e.g. dollars)." }), interval: z.enum(["one_off", "month", "quarter", "year"]) })
      .strict()
      .nullable(),
    items: z.array(apiPlanItemSchema),
    free_trial: apiFreeTrialSchema.optional(),
    created_at: ms,
    env: z.enum(["sandbox", "live"]),
    archived: z.boolean(),
    config: z.object({ ignore_past_due: z.boolean() }).strict(),
    billing_controls: z
      .object({ overage_allowed: z.array(z.object({ feature_id: z.string(), enabled: z.boolean() }).strict()) })
      .strict()
      .meta({ description: "overage_allowed: the items whose usage may go past what is included." }),
    metadata: z.record(z.string(), z.unknown()),
    customer_eligibility: apiCustomerEligibilitySchema.optional(),
    base_variant_id: z.null(),
  })
  .strict()
  .meta({ id: "Plan" });

export type ApiPlan = z.infer<typeof apiPlanSchema>;

const API_RESET: Record<ResetInterval, ApiPlan["items"][number]["reset"]> = {
  none: null,
  day: { interval: "day" },
  week: { interval: "week" },
  month: { interval: "month" },
  quarter: { interval: "quarter" },
  year: { interval: "year" },
};

export function toApiPlan(plan: PlanView & { eligibility?: PlanEligibility }, env: Env): ApiPlan {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description,
    group: plan.group,
    version: plan.version,
    add_on: plan.isAddOn,
    auto_enable: plan.isDefault,
    price: plan.price ? { amount: plan.price.amount / 100, interval: plan.price.interval } : null,
    items: plan.items.map((item) => ({
      feature_id: item.featureId,
      feature: { id: item.featureId, name: item.featureName, type: item.featureType, archived: item.featureArchived },
      included: item.included,
      unlimited: item.unlimited,
      pooled: false,
      reset: API_RESET[item.resetInterval],
      price: null,
      ...(item.entityFeatureId ? { entity_feature_id: item.entityFeatureId } : {}),
    })),
    ...(plan.freeTrial
      ? { free_trial: { duration_length: plan.freeTrial.length, duration_type: plan.freeTrial.unit, card_required: plan.freeTrial.cardRequired, on_end: plan.freeTrial.onEnd } }
      : {}),
    created_at: plan.createdAt.getTime(),
    env,
    archived: plan.archived,
    config: { ignore_past_due: false },
    billing_controls: { overage_allowed: plan.items.filter((item) => item.overageAllowed).map((item) => ({ feature_id: item.featureId, enabled: true })) },
    metadata: plan.metadata,
    ...(plan.eligibility ? { customer_eligibility: apiEligibility(plan.eligibility) } : {}),
    base_variant_id: null,
  };
}

function apiEligibility(eligibility: PlanEligibility): NonNullable<ApiPlan["customer_eligibility"]> {
  return {
    ...(eligibility.trialAvailable !== undefined ? { trial_available: eligibility.trialAvailable } : {}),
    ...(eligibility.status ? { status: eligibility.status } : {}),
    ...(eligibility.canceling !== undefined ? { canceling: eligibility.canceling } : {}),
    ...(eligibility.trialing !== undefined ? { trialing: eligibility.trialing } : {}),
    attach_action: eligibility.attachAction,
  };
}
