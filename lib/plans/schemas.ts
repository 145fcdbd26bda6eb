// Input schemas of the plan catalog and of enabling plans for customers. The dashboard's forms,
// its server actions and the API routes derive from these.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { PRICE_INTERVALS, RESET_INTERVALS } from "@/lib/db-enums";
import { featureIdSchema } from "@/lib/features/schemas";
import { httpUrlSchema } from "@/lib/utils/http-url-schema";

/** The id the API and SDK use for a plan (`free`, `pro`, `enterprise`). */
export const planIdSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-zA-Z0-9_-]+$/, "may contain only letters, digits, _ and -");

const amountSchema = z.number().int("must be a whole number of minor units (cents)").min(0, "must not be negative").max(100_000_000_00);
const currencySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{3}$/, "must be a three-letter ISO currency code");

export const planPriceSchema = z.object({
  /** Minor units (cents). 0 = free. */
  amount: amountSchema,
  currency: currencySchema.default("usd"),
  interval: z.enum(PRICE_INTERVALS),
});

export const planItemSchema = z.object({
  featureId: featureIdSchema,
  /** Usage included per reset period (metered features); ignored for boolean features and when unlimited. */
  included: z.number().finite().min(0, "must not be negative").default(0),
  unlimited: z.boolean().default(false),
  /** How often the usage resets (single-use features only: continuous-use and boolean never reset). */
  resetInterval: z.enum(RESET_INTERVALS).default("none"),
  /** Usage may go past the included amount. Absent on an edit: as the plan's current item has it (else false). */
  overageAllowed: z.boolean().optional(),
  /**
   * Per-entity item (Autumn's `entity_feature_id`): a continuous-use feature (a seat) whose every
   * entity gets `included` of its own. null = the customer's balance. Absent: none on a new plan;
   * on an edit, as the plan's current item has it (so an edit that does not mention it keeps it).
   */
  entityFeatureId: featureIdSchema.nullable().optional(),
});

const itemsSchema = z
  .array(planItemSchema)
  .max(100, "at most 100 items")
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.featureId)) ctx.addIssue({ code: "custom", path: [index, "featureId"], message: `${item.featureId} appears twice` });
      seen.add(item.featureId);
    });
  });

/** A free trial, offered on a customer's first enablement of the plan. */
export const freeTrialSchema = z.object({
  length: z.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000"),
  unit: z.enum(["day", "month", "year"]).default("day"),
  /** Whether the customer must give a card to start the trial. */
  cardRequired: z.boolean().default(false),
  /** When the trial ends: bill the plan's price, or revert to what the customer had. */
  onEnd: z.enum(["bill", "revert"]).default("bill"),
});

/** The application's own data about a plan (UI copy, highlights), returned as given. */
const metadataSchema = z.record(z.string(), z.unknown());

const nameSchema = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");
const descriptionSchema = z.string().trim().max(1000, "must be at most 1000 characters").nullable();
const groupSchema = z
  .string()
  .trim()
  .max(64, "must be at most 64 characters")
  .transform((group) => (group === "" ? null : group))
  .nullable();

export const createPlanSchema = z.object({
  planId: planIdSchema,
  name: nameSchema,
  description: descriptionSchema.default(null),
  /** Plans in one group replace each other when enabled (upgrade, downgrade); null = no group. */
  group: groupSchema.default(null),
  /** Enabled automatically for every new customer (must be free). */
  isDefault: z.boolean().default(false),
  /** Add-ons stack on top of the customer's other plans instead of replacing them. */
  isAddOn: z.boolean().default(false),
  /** null = free. */
  price: planPriceSchema.nullable().default(null),
  items: itemsSchema.default([]),
  /** null = no free trial. */
  freeTrial: freeTrialSchema.nullable().default(null),
  metadata: metadataSchema.default({}),
});

/**
 * Editing a plan. Name, description, group and the flags change in place; a change of price or
 * items creates a new plan version, which only later enablements get.
 */
export const updatePlanSchema = z.object({
  planId: planIdSchema,
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  group: groupSchema.optional(),
  isDefault: z.boolean().optional(),
  isAddOn: z.boolean().optional(),
  price: planPriceSchema.nullable().optional(),
  items: itemsSchema.optional(),
  /** Whether each feature's usage may go past what is included, applied to the items (given or current). */
  overage: z.record(featureIdSchema, z.boolean()).optional(),
  freeTrial: freeTrialSchema.nullable().optional(),
  /** Replaces the plan's metadata. */
  metadata: metadataSchema.optional(),
  /** Archives (true) or restores (false) the plan with the same edit. */
  archived: z.boolean().optional(),
  /** A new API id; only while no customer has ever had the plan. */
  newPlanId: planIdSchema.optional(),
  /** A new version even when no customer has the current one yet. */
  forceVersion: z.boolean().default(false),
  /** Then move the customers on older versions to the current one (see migratePlanCustomers). */
  migrateCustomers: z.object({ includeCustom: z.boolean().default(true) }).optional(),
});

export const archivePlanSchema = z.object({
  planId: planIdSchema,
  /** false restores an archived plan. */
  archived: z.boolean().default(true),
});

export const getPlanSchema = z.object({
  planId: planIdSchema,
  /** A past version (default: the current one). */
  version: z.number().int().min(1).optional(),
});
export const listPlansSchema = z
  .object({
    includeArchived: z.boolean().default(false),
    /** A customer (external or internal id): each plan then says what it would mean for them. */
    customerId: z.string().trim().min(1, "must not be empty").max(256).optional(),
  })
  .default({ includeArchived: false });

/** Deleting a plan no customer ever had. */
export const deletePlanSchema = z.object({ planId: planIdSchema });

/** Moving the customers on older versions of a plan to its current version. */
export const migratePlanCustomersSchema = z.object({
  planId: planIdSchema,
  /** Only the customers on this version (default: every older version). */
  fromVersion: z.number().int().min(1).optional(),
  /** Customers with a negotiated price or overrides too (they keep them on the new version). */
  includeCustom: z.boolean().default(true),
});

/** A per-feature override of a plan item, for one customer. */
export const planItemOverrideSchema = z.object({
  included: z.number().finite().min(0, "must not be negative").optional(),
  unlimited: z.boolean().optional(),
  resetInterval: z.enum(RESET_INTERVALS).optional(),
});

const dateSchema = z.union([z.date(), z.iso.datetime({ offset: true }), z.number().int()]).transform((value) => new Date(value));

/** Enabling a plan for a customer, with no checkout (dashboard, free attach, default plans). */
export const enablePlanSchema = z
  .object({
    /** The customer's internal id (`cus_…`). */
    customerId: z.string().trim().min(1, "is required"),
    /** The plan's API id (`pro`). */
    planId: planIdSchema,
    /** A negotiated price for this customer only, in minor units (null = the plan's price). */
    customPriceAmount: amountSchema.nullable().optional(),
    customCurrency: currencySchema.nullable().optional(),
    /** Per-feature overrides for this customer only, keyed by feature id. */
    overrides: z.record(featureIdSchema, planItemOverrideSchema).optional(),
    /** When the plan starts (default now). In the future, the plan is scheduled until then. */
    startsAt: dateSchema.nullable().optional(),
    /** When the plan ends (it expires then). */
    endsAt: dateSchema.nullable().optional(),
    /** e.g. the deal reference. */
    note: z.string().trim().max(1000, "must be at most 1000 characters").nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.startsAt && input.endsAt && input.endsAt.getTime() <= input.startsAt.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after the start date" });
    }
  });


export type CreatePlanInput = z.input<typeof createPlanSchema>;
export type UpdatePlanInput = z.input<typeof updatePlanSchema>;
export type EnablePlanInput = z.input<typeof enablePlanSchema>;
export type EnablePlanOptions = Pick<z.output<typeof enablePlanSchema>, "customPriceAmount" | "customCurrency" | "overrides" | "startsAt" | "endsAt" | "note">;
export type PlanItemOverride = z.output<typeof planItemOverrideSchema>;

/** Cancelling or removing one of a customer's plans. */
export const customerPlanRefSchema = z.object({ customerPlanId: z.string().trim().min(1, "is required") });

/** /v1/billing.attach and POST /v1/attach (wire names; unknown keys are ignored). */
export const attachSchema = z.object({
  customer_id: z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).trim().min(1, "is required"),
  plan_id: z.string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") }).trim().min(1, "is required"),
  success_url: httpUrlSchema.optional(),
  redirect_mode: z.string().optional(),
});

export type AttachInput = z.input<typeof attachSchema>;
