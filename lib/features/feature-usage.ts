import "server-only";
import type { Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** What depends on a feature: plan items (any version), balances, recorded usage, entities created under it. */
export async function featureUsage(tx: Tx, featurePk: string) {
  const [planItems, grants, usageEvents, entities] = await Promise.all([
    tx.planItem.count({ where: { OR: [{ featurePk }, { entityFeaturePk: featurePk }] } }),
    tx.grant.count({ where: { featurePk } }),
    tx.usageEvent.count({ where: { featurePk } }),
    tx.entity.count({ where: { featurePk } }),
  ]);
  return { planItems, grants, usageEvents, entities, inUse: planItems + grants + usageEvents + entities > 0 };
}

/** 409 feature_in_use, saying what uses it and what to do instead. */
export function featureInUse(featureId: string, usage: Awaited<ReturnType<typeof featureUsage>>, refused: string): DomainError {
  const uses = [
    usage.planItems ? `${usage.planItems} plan item${usage.planItems === 1 ? "" : "s"}` : null,
    usage.grants ? `${usage.grants} customer balance${usage.grants === 1 ? "" : "s"}` : null,
    usage.usageEvents ? `${usage.usageEvents} usage event${usage.usageEvents === 1 ? "" : "s"}` : null,
    usage.entities ? `${usage.entities} entit${usage.entities === 1 ? "y" : "ies"}` : null,
  ].filter(Boolean);
  return new DomainError("feature_in_use", `Feature ${featureId} is in use (${uses.join(", ")}): ${refused}. Archive it instead.`, {
    field: "featureId",
  });
}
