// Arranging what the portal specs need that no dashboard screen makes yet: the Enterprise plan of
// the catalog (features, plan, version, items), written straight into the e2e database with
// unique ids. Customers, plans enabled for them and sign-ins go through the UI.
import { sql, uniqueSuffix } from "../fixtures";

const id = (prefix: string) => `${prefix}_e2e${uniqueSuffix()}${uniqueSuffix()}`;

export type EnterpriseCatalog = { planId: string; messagesId: string; seatsId: string; ssoId: string };

/** Enterprise: 10,000 messages a month, 50 seats and single sign-on, listed at $1,000 a month. */
export async function createEnterprisePlan(env: "sandbox" | "live" = "sandbox"): Promise<EnterpriseCatalog> {
  const suffix = uniqueSuffix();
  const features = [
    { featureId: `messages_${suffix}`, name: "Messages", type: "single_use", included: 10_000, reset: "month" },
    { featureId: `seats_${suffix}`, name: "Seats", type: "continuous_use", included: 50, reset: "none" },
    { featureId: `sso_${suffix}`, name: "Single sign-on", type: "boolean", included: 0, reset: "none" },
  ] as const;
  for (const f of features) {
    await sql(`insert into features (id, env, feature_id, name, type, updated_at) values ($1, $2, $3, $4, $5, now())`, [id("fea"), env, f.featureId, f.name, f.type]);
  }
  const planId = `enterprise_${suffix}`;
  const planPk = id("pln");
  const versionId = id("plv");
  await sql(`insert into plans (id, env, plan_id, name, description, updated_at) values ($1, $2, $3, 'Enterprise', 'For large teams', now())`, [planPk, env, planId]);
  await sql(`insert into plan_versions (id, plan_pk, version, price_amount, currency, price_interval) values ($1, $2, 1, 100000, 'usd', 'month')`, [versionId, planPk]);
  for (const f of features) {
    await sql(
      `insert into plan_items (id, plan_version_id, feature_pk, included, reset_interval)
       select $1, $2, f.id, $3, $4 from features f where f.env = $5 and f.feature_id = $6`,
      [id("pit"), versionId, f.included, f.reset, env, f.featureId],
    );
  }
  return { planId, messagesId: features[0].featureId, seatsId: features[1].featureId, ssoId: features[2].featureId };
}
