// What one plan item grants one customer, with that customer's overrides (a negotiated amount,
// unlimited, another reset interval) applied. Enabling a plan copies these onto new grants;
// migrating a customer to a newer version applies them to the grants they have.
import type { ResetInterval } from "@/lib/generated/prisma";
import type { PlanItemView } from "./plan-view";
import type { PlanItemOverride } from "./schemas";

export type GrantTerms = { granted: number; unlimited: boolean; overageAllowed: boolean; resetInterval: ResetInterval };

export function grantTerms(item: PlanItemView, override: PlanItemOverride | undefined): GrantTerms {
  const metered = item.featureType !== "boolean";
  const unlimited = metered && (override?.unlimited ?? item.unlimited);
  return {
    granted: metered && !unlimited ? (override?.included ?? item.included) : 0,
    unlimited,
    overageAllowed: item.overageAllowed,
    resetInterval: item.featureType === "single_use" ? (override?.resetInterval ?? item.resetInterval) : "none",
  };
}
