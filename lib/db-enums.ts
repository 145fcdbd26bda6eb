// The database's enums (prisma/schema.prisma) as plain values, for schemas that also run in the
// browser: importing the enum objects from the generated Prisma client put its browser runtime
// (about 16 KB compressed) into every page with a plan or feature form. The lists are checked
// against the generated types both ways, so the typecheck fails if the schema and they disagree.
import type { FeatureType, PriceInterval, ResetInterval } from "@/lib/generated/prisma";

/** Compiles only when `List` holds every member of `Enum` (and, by `satisfies`, nothing else). */
type Exhaustive<Enum extends string, List extends readonly string[]> = [Enum] extends [List[number]] ? true : never;

export const FEATURE_TYPES = ["boolean", "single_use", "continuous_use"] as const satisfies readonly FeatureType[];
export const RESET_INTERVALS = ["none", "day", "week", "month", "quarter", "year"] as const satisfies readonly ResetInterval[];
export const PRICE_INTERVALS = ["one_off", "month", "quarter", "year"] as const satisfies readonly PriceInterval[];

export const ENUMS_MATCH_THE_SCHEMA: [
  Exhaustive<FeatureType, typeof FEATURE_TYPES>,
  Exhaustive<ResetInterval, typeof RESET_INTERVALS>,
  Exhaustive<PriceInterval, typeof PRICE_INTERVALS>,
] = [true, true, true];
