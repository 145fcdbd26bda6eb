// The paid Pro plan the billing specs buy: one metered feature, $20.00 a month, made through the
// domain (harness/domain.ts; the e2e database is not seeded) with unique ids.
import { domain, sql, uniqueSuffix } from "../fixtures";

export async function createProPlan(options: { amount?: number; interval?: "month" | "one_off" } = {}): Promise<{ planId: string; featureId: string }> {
  const arrange = await domain();
  const suffix = uniqueSuffix();
  const feature = await arrange.feature("sandbox", { featureId: `messages_${suffix}`, name: "Messages", type: "single_use" });
  const plan = await arrange.plan("sandbox", {
    planId: `pro_${suffix}`,
    name: "Pro",
    price: { amount: options.amount ?? 2000, currency: "usd", interval: options.interval ?? "month" },
    items: [{ featureId: feature.id, included: 1000, resetInterval: "month" }],
  });
  return { planId: plan.id, featureId: feature.id };
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
