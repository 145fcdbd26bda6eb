// The e2e database is not seeded: a spec makes the catalog it needs through the domain
// (harness/domain.ts), with unique ids. No default plans here: they would be enabled for every
// customer other specs create.
import { domain, uniqueSuffix } from "../fixtures";

type FeatureType = "boolean" | "single_use" | "continuous_use";
type Item = { featureId: string; included?: number; unlimited?: boolean; resetInterval?: "none" | "month" };

export async function createFeature(env: "sandbox" | "live", type: FeatureType, eventNames: string[] = []) {
  const featureId = `${type === "boolean" ? "flag" : "feat"}_${uniqueSuffix()}`;
  await (await domain()).feature(env, { featureId, name: featureId, type, eventNames });
  return featureId;
}

export async function createPlan(env: "sandbox" | "live", options: { price?: { amount: number; interval: "month" | "one_off" }; items: Item[]; group?: string }) {
  const planId = `plan_${uniqueSuffix()}`;
  await (await domain()).plan(env, {
    planId,
    name: planId,
    group: options.group ?? null,
    price: options.price ? { ...options.price, currency: "usd" } : null,
    items: options.items,
  });
  return planId;
}
