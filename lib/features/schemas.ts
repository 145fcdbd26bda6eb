// Input schemas of the feature catalog. The dashboard's forms and actions derive from these.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { FEATURE_TYPES } from "@/lib/db-enums";

/** The id the API and SDK use for a feature (`messages`, `seats`, `sso`). */
export const featureIdSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-zA-Z0-9_-]+$/, "may contain only letters, digits, _ and -");

const eventNamesSchema = z
  .array(z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"))
  .max(20, "at most 20 event names")
  .transform((names) => [...new Set(names)]);

export const createFeatureSchema = z.object({
  featureId: featureIdSchema,
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  type: z.enum(FEATURE_TYPES),
  /** Event names that `track` with `event_name` counts against this feature. */
  eventNames: eventNamesSchema.default([]),
});

/**
 * Editing a feature. Name and event names change freely; its type and id only while nothing uses
 * it (no plan item, balance or usage): grants and usage already depend on them.
 */
export const updateFeatureSchema = z.object({
  featureId: featureIdSchema,
  name: createFeatureSchema.shape.name.optional(),
  eventNames: eventNamesSchema.optional(),
  /** `metered` keeps the metered kind it has (or becomes single-use), `consumable` decides it. */
  type: z.enum([...FEATURE_TYPES, "metered"]).optional(),
  /** Metered features: consumed and reset (single-use) or allocated (continuous-use). */
  consumable: z.boolean().optional(),
  newFeatureId: featureIdSchema.optional(),
  archived: z.boolean().optional(),
});

export const getFeatureSchema = z.object({ featureId: featureIdSchema });
/** Deleting a feature nothing uses. */
export const deleteFeatureSchema = z.object({ featureId: featureIdSchema });

export const archiveFeatureSchema = z.object({
  featureId: featureIdSchema,
  /** false restores an archived feature. */
  archived: z.boolean().default(true),
});

export const listFeaturesSchema = z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });

export type CreateFeatureInput = z.input<typeof createFeatureSchema>;
export type UpdateFeatureInput = z.input<typeof updateFeatureSchema>;
export type ArchiveFeatureInput = z.input<typeof archiveFeatureSchema>;
