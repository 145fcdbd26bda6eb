// The feature object of the public API, as autumn-js 1.3.13's `CreateFeatureResponse` /
// `ListFeaturesList` read it: Autumn's `metered` type with `consumable` says single-use (true)
// or continuous-use (false).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import type { FeatureView } from "./feature-view";

export const apiFeatureSchema = z
  .object({
    id: z.string().meta({ description: "The id check and track use." }),
    name: z.string(),
    type: z.enum(["boolean", "metered"]),
    consumable: z.boolean().meta({ description: "Metered: true if usage is consumed and resets (single-use), false if allocated (continuous-use, e.g. seats)." }),
    event_names: z.array(z.string()),
    archived: z.boolean(),
  })
  .strict()
  .meta({ id: "Feature" });

export type ApiFeature = z.infer<typeof apiFeatureSchema>;

export function toApiFeature(feature: FeatureView): ApiFeature {
  return {
    id: feature.id,
    name: feature.name,
    type: feature.type === "boolean" ? "boolean" : "metered",
    consumable: feature.type === "single_use",
    event_names: feature.eventNames,
    archived: feature.archived,
  };
}

export const apiSuccessSchema = z.object({ success: z.literal(true) }).strict().meta({ id: "Success" });
