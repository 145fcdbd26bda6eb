// What the customers specs need that the e2e database (not seeded) lacks, made through the domain
// (harness/domain.ts) with unique ids: an Enterprise plan with a seat limit and a monthly message
// allowance, customers as the dashboard creates them, a plan enabled for one.
import { domain, uniqueSuffix } from "../fixtures";

export type EnterprisePlan = { planId: string; seatsId: string; messagesId: string };

/** Enterprise: 10 seats and 10,000 messages a month, listed at $500 a month. */
export async function createEnterprisePlan(env: "sandbox" | "live" = "sandbox"): Promise<EnterprisePlan> {
  const arrange = await domain();
  const suffix = uniqueSuffix();
  const seats = await arrange.feature(env, { featureId: `seats_${suffix}`, name: "Seats", type: "continuous_use" });
  const messages = await arrange.feature(env, { featureId: `messages_${suffix}`, name: "Messages", type: "single_use" });
  const plan = await arrange.plan(env, {
    planId: `enterprise_${suffix}`,
    name: "Enterprise",
    price: { amount: 50_000, currency: "usd", interval: "month" },
    items: [
      { featureId: seats.id, included: 10 },
      { featureId: messages.id, included: 10_000, resetInterval: "month" },
    ],
  });
  return { planId: plan.id, seatsId: seats.id, messagesId: messages.id };
}

/** A customer as the dashboard creates it (a null id makes a pending one); returns its internal id. */
export async function createCustomerRow(options: { externalId: string | null; email: string; name?: string }) {
  const customer = await (await domain()).customer({ id: options.externalId, email: options.email, name: options.name ?? null });
  return customer.id;
}

/** The plan, enabled for the customer (by internal id) as staff would enable it. */
export async function enablePlanRow(customerId: string, plan: EnterprisePlan) {
  await (await domain()).enablePlan("sandbox", customerId, plan.planId);
}
