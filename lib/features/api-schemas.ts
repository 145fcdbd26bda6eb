// The /v1 features.* requests in Autumn's wire names (autumn-js 1.3.13's `CreateFeatureParams`,
// `UpdateFeatureParams`, ...), each derived onto the domain schema of lib/features/schemas.ts.
// Kept apart from schemas.ts so that the dashboard's forms do not ship them. Autumn's credit
// systems (credit_schema, markups) are not supported: such a request is refused with a 400 that
// says so, never half-applied. `display` (singular/plural labels) is accepted and not stored.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { createFeatureSchema, deleteFeatureSchema, featureIdSchema, getFeatureSchema, updateFeatureSchema } from "./schemas";

const CREDIT_SYSTEM_TYPES = ["credit_system", "ai_credit_system"];
const NOT_SUPPORTED = "is not supported by Equinox";

const apiFeatureType = z.enum(["boolean", "metered", "credit_system", "ai_credit_system"]).refine((type) => !CREDIT_SYSTEM_TYPES.includes(type), {
  message: `credit systems are ${NOT_SUPPORTED.replace("is ", "")}; use boolean or metered`,
});

/** A field Equinox does not implement: absent, null or empty is fine; anything else is refused by name. */
export const unsupported = z
  .unknown()
  .refine((value) => value === undefined || value === null || (Array.isArray(value) && value.length === 0) || isEmptyObject(value), NOT_SUPPORTED)
  .optional();

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

const creditSystemFields = {
  credit_schema: unsupported,
  model_markups: unsupported,
  default_markup: unsupported,
  provider_markups: unsupported,
};

const displaySchema = z.object({ singular: z.string().max(100).nullish(), plural: z.string().max(100).nullish() }).optional();

function domainType(type: "boolean" | "metered" | undefined, consumable: boolean | undefined) {
  if (type === "boolean") return "boolean" as const;
  return consumable === false ? ("continuous_use" as const) : ("single_use" as const);
}

export const createFeatureApiSchema = z
  .object({
    feature_id: featureIdSchema,
    name: createFeatureSchema.shape.name,
    type: apiFeatureType,
    consumable: z.boolean().optional(),
    event_names: createFeatureSchema.shape.eventNames,
    display: displaySchema,
    ...creditSystemFields,
  })
  .transform((body) =>
    createFeatureSchema.parse({
      featureId: body.feature_id,
      name: body.name,
      type: domainType(body.type as "boolean" | "metered", body.consumable),
      eventNames: body.event_names,
    }),
  );

export const getFeatureApiSchema = z.object({ feature_id: featureIdSchema }).transform((body) => getFeatureSchema.parse({ featureId: body.feature_id }));

export const deleteFeatureApiSchema = z.object({ feature_id: featureIdSchema }).transform((body) => deleteFeatureSchema.parse({ featureId: body.feature_id }));

export const listFeaturesApiSchema = z.object({});

export const updateFeatureApiSchema = z
  .object({
    feature_id: featureIdSchema,
    new_feature_id: featureIdSchema.optional(),
    name: updateFeatureSchema.shape.name,
    type: apiFeatureType.optional(),
    consumable: z.boolean().optional(),
    event_names: updateFeatureSchema.shape.eventNames,
    archived: z.boolean().optional(),
    display: displaySchema,
    ...creditSystemFields,
  })
  .transform((body) =>
    updateFeatureSchema.parse({
      featureId: body.feature_id,
      newFeatureId: body.new_feature_id,
      name: body.name,
      type: body.type as "boolean" | "metered" | undefined,
      consumable: body.consumable,
      eventNames: body.event_names,
      archived: body.archived,
    }),
  );
