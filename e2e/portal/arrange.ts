// Arranging what the portal specs need that no dashboard screen makes yet: the Enterprise plan of
// the catalog (features and plan), made through the domain (harness/domain.ts) with unique ids.
// Customers, plans enabled for them and sign-ins go through the UI.
import { domain, uniqueSuffix } from "../fixtures";

export type EnterpriseCatalog = { planId: string; messagesId: string; seatsId: string; ssoId: string };

/** Enterprise: 10,000 messages a month, 50 seats and single sign-on, listed at $1,000 a month. */
export async function createEnterprisePlan(env: "sandbox" | "live" = "sandbox"): Promise<EnterpriseCatalog> {
  const arrange = await domain();
  const suffix = uniqueSuffix();
  const messages = await arrange.feature(env, { featureId: `messages_${suffix}`, name: "Messages", type: "single_use" });
  const seats = await arrange.feature(env, { featureId: `seats_${suffix}`, name: "Seats", type: "continuous_use" });
  const sso = await arrange.feature(env, { featureId: `sso_${suffix}`, name: "Single sign-on", type: "boolean" });
  const plan = await arrange.plan(env, {
    planId: `enterprise_${suffix}`,
    name: "Enterprise",
    description: "For large teams",
    price: { amount: 100_000, currency: "usd", interval: "month" },
    items: [
      { featureId: messages.id, included: 10_000, resetInterval: "month" },
      { featureId: seats.id, included: 50 },
      { featureId: sso.id },
    ],
  });
  return { planId: plan.id, messagesId: messages.id, seatsId: seats.id, ssoId: sso.id };
}
