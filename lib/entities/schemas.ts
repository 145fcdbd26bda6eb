// Input schemas of the entity routes, with the wire names autumn-js sends (snake_case). The /v1
// routes and the domain functions parse with these; unknown keys are ignored.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { customerIdProblem, customerRefSchema } from "@/lib/customers/schemas";
import { featureIdSchema } from "@/lib/features/schemas";

export const ENTITY_LIST_LIMIT_MAX = 5000;

/** An entity id follows the customer id rule (letters, digits, '_', ':' and '-'). */
export const entityIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string") })
  .superRefine((value, ctx) => {
    const problem = customerIdProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ description: "Your id for the entity (a seat, a workspace), unique among the customer's entities.", examples: ["seat_42"] });

const entityNameSchema = z
  .string({ error: "must be a string or null" })
  .trim()
  .max(500, "at most 500 characters")
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .meta({ description: "Display name of the entity." });

/** Accepted on the wire (the SDK sends it), refused by the domain: Equinox has no spend limits yet. */
const billingControlsSchema = z.record(z.string(), z.unknown(), { error: "must be an object" }).meta({
  description: "Autumn's spend and usage limits per entity: not supported by Equinox (501 not_supported).",
});

const optionalCustomerRef = customerRefSchema.optional().meta({
  description: "The customer that owns the entity. Optional: without it the entity id is looked up among all customers.",
});

export const createEntityInput = z.object({
  customer_id: customerRefSchema,
  entity_id: entityIdSchema,
  feature_id: featureIdSchema.meta({ description: "The continuous-use feature the entity counts against (e.g. `seats`)." }),
  name: entityNameSchema.optional(),
  billing_controls: billingControlsSchema.optional(),
});
export type CreateEntityInput = z.input<typeof createEntityInput>;

export const getEntityInput = z.object({
  customer_id: optionalCustomerRef,
  entity_id: entityIdSchema,
});
export type GetEntityInput = z.input<typeof getEntityInput>;

export const updateEntityInput = z.object({
  customer_id: optionalCustomerRef,
  entity_id: entityIdSchema,
  name: entityNameSchema.optional().meta({ description: "Equinox extension: renames the entity." }),
  billing_controls: billingControlsSchema.optional(),
});
export type UpdateEntityInput = z.input<typeof updateEntityInput>;

export const deleteEntityInput = z.object({
  customer_id: optionalCustomerRef,
  entity_id: entityIdSchema,
});
export type DeleteEntityInput = z.input<typeof deleteEntityInput>;

export const listEntitiesInput = z.object({
  start_cursor: z
    .string({ error: "must be a string" })
    .max(100, "at most 100 characters")
    .optional()
    .default("")
    .meta({ description: "`next_cursor` of the previous page; empty for the first page." }),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(ENTITY_LIST_LIMIT_MAX, `at most ${ENTITY_LIST_LIMIT_MAX}`)
    .optional()
    .default(50),
  customer_id: customerRefSchema.optional().meta({ description: "Only this customer's entities." }),
  search: z.string({ error: "must be a string" }).max(200, "at most 200 characters").optional().meta({ description: "Case-insensitive substring of the entity's id or name." }),
  plans: z
    .array(z.object({ id: z.string({ error: "must be a string" }).min(1, "cannot be empty"), versions: z.array(z.number().int()).optional() }), {
      error: "must be an array of { id }",
    })
    .max(50, "at most 50 plans")
    .optional()
    .meta({ description: "Only entities whose customer has one of these plans (in `subscription_status`)." }),
  subscription_status: z.enum(["active", "scheduled"], { error: 'must be "active" or "scheduled"' }).optional(),
  processors: z
    .array(z.enum(["stripe", "revenuecat", "vercel"], { error: 'must be "stripe", "revenuecat" or "vercel"' }))
    .optional()
    .meta({ description: "Only entities whose customer is linked to one of these processors (Equinox knows Stripe only)." }),
});
export type ListEntitiesInput = z.input<typeof listEntitiesInput>;
