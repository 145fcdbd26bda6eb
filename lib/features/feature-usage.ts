import "server-only";
import type { Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** What depends on a feature: plan items (any version), balances, entities, recorded usage. */
export async function featureUsage(tx: Tx, featurePk: string) {
  const [planItems, grants, entities, usageEvents, usageRollups] = await Promise.all([
    tx.planItem.count({ where: { featurePk } }),
    tx.grant.count({ where: { featurePk } }),
    tx.entity.count({ where: { featurePk } }),
    tx.usageEvent.count({ where: { featurePk } }),
    // Hourly sums outlive nothing on their own, but a feature they name cannot go either.
    tx.usageRollup.count({ where: { featurePk } }),
  ]);
  return { planItems, grants, entities, usageEvents, inUse: planItems + grants + entities + usageEvents + usageRollups > 0 };
}

const counted = (n: number, one: string, many: string) => (n ? `${n} ${n === 1 ? one : many}` : null);

/** 409 feature_in_use, saying what uses it and what to do instead. */
export function featureInUse(featureId: string, usage: Awaited<ReturnType<typeof featureUsage>>, refused: string): DomainError {
  const uses = [
    counted(usage.planItems, "plan item", "plan items"),
    counted(usage.grants, "customer balance", "customer balances"),
    counted(usage.entities, "entity", "entities"),
    counted(usage.usageEvents, "usage event", "usage events"),
  ].filter(Boolean);
  return new DomainError("feature_in_use", `Feature ${featureId} is in use (${uses.length ? uses.join(", ") : "recorded usage"}): ${refused}. Archive it instead.`, {
    field: "featureId",
  });
}
