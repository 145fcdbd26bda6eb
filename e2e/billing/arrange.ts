// The paid Pro plan the billing specs buy: one metered feature, $20.00 a month, written straight
// into the e2e database (the e2e database is not seeded) with unique ids.
import { sql, uniqueSuffix } from "../fixtures";

const id = (prefix: string) => `${prefix}_e2e${uniqueSuffix()}${uniqueSuffix()}`;

export async function createProPlan(options: { amount?: number; interval?: "month" | "one_off" } = {}): Promise<{ planId: string; featureId: string }> {
  const suffix = uniqueSuffix();
  const featureId = `messages_${suffix}`;
  await sql(`insert into features (id, env, feature_id, name, type, updated_at) values ($1, 'sandbox', $2, 'Messages', 'single_use', now())`, [id("fea"), featureId]);
  const planId = `pro_${suffix}`;
  const planPk = id("pln");
  const versionId = id("plv");
  await sql(`insert into plans (id, env, plan_id, name, updated_at) values ($1, 'sandbox', $2, 'Pro', now())`, [planPk, planId]);
  await sql(`insert into plan_versions (id, plan_pk, version, price_amount, currency, price_interval) values ($1, $2, 1, $3, 'usd', $4)`, [
    versionId,
    planPk,
    options.amount ?? 2000,
    options.interval ?? "month",
  ]);
  await sql(
    `insert into plan_items (id, plan_version_id, feature_pk, included, reset_interval)
     select $1, $2, f.id, 1000, 'month' from features f where f.env = 'sandbox' and f.feature_id = $3`,
    [id("pit"), versionId, featureId],
  );
  return { planId, featureId };
}

/** Waits until the webhook made the customer's plan active (the checkout page redirects before it arrives). */
export async function waitForActivePlan(customerInternalId: string, planId: string, timeoutMs = 15_000): Promise<{ stripe_subscription_id: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<{ stripe_subscription_id: string | null }>(
      `select cp.stripe_subscription_id from customer_plans cp join plans p on p.id = cp.plan_pk
        where cp.customer_id = $1 and p.plan_id = $2 and cp.status = 'active'`,
      [customerInternalId, planId],
    );
    if (rows[0]) return rows[0];
    if (Date.now() > deadline) throw new Error(`Plan ${planId} of ${customerInternalId} was not activated within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
