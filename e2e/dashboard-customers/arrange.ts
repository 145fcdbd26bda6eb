// What the customers specs need that the e2e database (not seeded) lacks: an Enterprise plan with
// a seat limit and a monthly message allowance, written straight into the database with unique ids.
import { sql, uniqueSuffix } from "../fixtures";

const id = (prefix: string) => `${prefix}_e2e${uniqueSuffix()}${uniqueSuffix()}`;

export type EnterprisePlan = { planId: string; planPk: string; versionId: string; seatsId: string; messagesId: string };

/** Enterprise: 10 seats and 10,000 messages a month, listed at $500 a month. */
export async function createEnterprisePlan(env: "sandbox" | "live" = "sandbox"): Promise<EnterprisePlan> {
  const suffix = uniqueSuffix();
  const features = [
    { featureId: `seats_${suffix}`, name: "Seats", type: "continuous_use", included: 10, reset: "none" },
    { featureId: `messages_${suffix}`, name: "Messages", type: "single_use", included: 10_000, reset: "month" },
  ] as const;
  for (const feature of features) {
    await sql(`insert into features (id, env, feature_id, name, type, updated_at) values ($1, $2, $3, $4, $5, now())`, [
      id("fea"),
      env,
      feature.featureId,
      feature.name,
      feature.type,
    ]);
  }
  const planId = `enterprise_${suffix}`;
  const planPk = id("pln");
  const versionId = id("plv");
  await sql(`insert into plans (id, env, plan_id, name, updated_at) values ($1, $2, $3, 'Enterprise', now())`, [planPk, env, planId]);
  await sql(`insert into plan_versions (id, plan_pk, version, price_amount, currency, price_interval) values ($1, $2, 1, 50000, 'usd', 'month')`, [versionId, planPk]);
  for (const feature of features) {
    await sql(
      `insert into plan_items (id, plan_version_id, feature_pk, included, reset_interval)
       select $1, $2, f.id, $3, $4 from features f where f.env = $5 and f.feature_id = $6`,
      [id("pit"), versionId, feature.included, feature.reset, env, feature.featureId],
    );
  }
  return { planId, planPk, versionId, seatsId: features[0].featureId, messagesId: features[1].featureId };
}

/** A customer row as the API would have created it (`minutesAgo` sets its creation time). */
export async function createCustomerRow(options: { externalId: string | null; email: string; name?: string; minutesAgo?: number }) {
  const internalId = id("cus");
  await sql(
    `insert into customers (id, env, external_id, name, email, email_normalized, created_at, updated_at, created_by_kind, created_by_label)
     values ($1, 'sandbox', $2, $3, $4, lower($4), now() - make_interval(mins => $5), now(), 'system', 'e2e')`,
    [internalId, options.externalId, options.name ?? null, options.email, options.minutesAgo ?? 0],
  );
  return internalId;
}

/** The plan, active for the customer (a customer_plans row without grants: enough for lists and filters). */
export async function enablePlanRow(customerId: string, plan: EnterprisePlan) {
  await sql(
    `insert into customer_plans (id, env, customer_id, plan_pk, plan_version_id, status, starts_at, enabled_by_kind, enabled_by_label, updated_at)
     values ($1, 'sandbox', $2, $3, $4, 'active', now(), 'system', 'e2e', now())`,
    [id("cpl"), customerId, plan.planPk, plan.versionId],
  );
}
