"use client";
// The pricing table: Equinox's plans (plans.list, with what attaching each would do for this
// customer: customer_eligibility.attach_action), one card each.
import type { useListPlans } from "autumn-js/react";
import { money } from "./format";

export type Plan = NonNullable<ReturnType<typeof useListPlans>["data"]>[number];

const ACTION_LABELS: Record<string, string> = { upgrade: "Upgrade", downgrade: "Downgrade", activate: "Get started", purchase: "Buy" };

export function PricingTable({ plans, onChoose }: { plans: Plan[]; onChoose(plan: Plan): void }) {
  const shown = plans.filter((plan) => !plan.archived && !plan.addOn);
  return (
    <section aria-labelledby="pricing-heading">
      <h2 id="pricing-heading">Plans</h2>
      <ul className="grid" aria-label="Pricing table">
        {shown.map((plan) => {
          const eligibility = plan.customerEligibility;
          const current = eligibility?.status === "active" || eligibility?.attachAction === "none";
          return (
            <li key={plan.id} className="card" aria-label={plan.name}>
              <h3>{plan.name}</h3>
              <p>
                {plan.price ? (
                  <strong>
                    {money(plan.price.amount)}
                    {plan.price.interval === "one_off" ? "" : ` / ${plan.price.interval}`}
                  </strong>
                ) : (
                  <strong>Free</strong>
                )}
              </p>
              <ul className="muted">
                {plan.items.map((item) => (
                  <li key={item.featureId}>{itemText(item)}</li>
                ))}
              </ul>
              {current ? (
                <button type="button" disabled>
                  Current plan
                </button>
              ) : (
                <button type="button" onClick={() => onChoose(plan)}>
                  {ACTION_LABELS[eligibility?.attachAction ?? ""] ?? "Choose"}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function itemText(item: Plan["items"][number]): string {
  const name = item.feature?.name ?? item.featureId;
  if (item.feature?.type === "boolean") return name;
  const amount = item.unlimited ? "Unlimited" : String(item.included);
  return `${amount} ${name}${item.reset?.interval ? ` per ${item.reset.interval}` : ""}`;
}
