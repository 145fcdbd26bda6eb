// The e2e database is not seeded: a spec makes the catalog it needs directly in it, with unique
// ids. No default plans here: they would be enabled for every customer other specs create.
import { sql, uniqueSuffix } from "../fixtures";

type FeatureType = "boolean" | "single_use" | "continuous_use";
type Item = { featureId: string; included?: number; unlimited?: boolean; resetInterval?: "none" | "month" };

const id = (prefix: string) => `${prefix}_e2e${uniqueSuffix()}${uniqueSuffix()}`;

export async function createFeature(env: "sandbox" | "live", type: FeatureType, eventNames: string[] = []) {
  const featureId = `${type === "boolean" ? "flag" : "feat"}_${uniqueSuffix()}`;
  await sql(`insert into features (id, env, feature_id, name, type, event_names, updated_at) values ($1, $2, $3, $4, $5, $6, now())`, [
    id("fea"),
    env,
    featureId,
    featureId,
    type,
    eventNames,
  ]);
  return featureId;
}

export async function createPlan(env: "sandbox" | "live", options: { price?: { amount: number; interval: "month" | "one_off" }; items: Item[]; group?: string }) {
  const planId = `plan_${uniqueSuffix()}`;
  const planPk = id("pln");
  const versionId = id("plv");
  await sql(`insert into plans (id, env, plan_id, name, "group", updated_at) values ($1, $2, $3, $4, $5, now())`, [planPk, env, planId, planId, options.group ?? null]);
  await sql(`insert into plan_versions (id, plan_pk, version, price_amount, price_interval) values ($1, $2, 1, $3, $4)`, [
    versionId,
    planPk,
    options.price?.amount ?? null,
    options.price?.interval ?? null,
  ]);
  for (const item of options.items) {
    await sql(
      `insert into plan_items (id, plan_version_id, feature_pk, included, unlimited, reset_interval)
       select $1, $2, f.id, $3, $4, $5 from features f where f.env = $6 and f.feature_id = $7`,
      [id("pit"), versionId, item.included ?? 0, item.unlimited ?? false, item.resetInterval ?? "none", env, item.featureId],
    );
  }
  return planId;
}
