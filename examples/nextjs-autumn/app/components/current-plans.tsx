"use client";
// The customer's plans and a cancellation: updateSubscription (Equinox's billing.update) with
// cancel_end_of_cycle, so the plan runs to the end of the period it is paid for; and its undo.
import { useState } from "react";
import type { UseCustomerResult } from "autumn-js/react";
import { day } from "./format";
import type { Plan } from "./pricing-table";

type Subscription = NonNullable<UseCustomerResult["data"]>["subscriptions"][number];

export function CurrentPlans({ customer, plans }: { customer: UseCustomerResult; plans: Plan[] }) {
  const subscriptions = customer.data?.subscriptions ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameOf = (planId: string) => plans.find((plan) => plan.id === planId)?.name ?? planId;

  async function change(planId: string, cancelAction: "cancel_end_of_cycle" | "uncancel") {
    setBusy(true);
    setError(null);
    try {
      await customer.updateSubscription({ planId, cancelAction });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Something went wrong");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="plans-heading">
      <h2 id="plans-heading">Your plan</h2>
      {subscriptions.length === 0 ? <p className="muted">No plan yet: choose one below.</p> : null}
      <ul className="grid" aria-label="Your plans">
        {subscriptions.map((subscription) => {
          const canceling = subscription.canceledAt !== null;
          return (
            <li key={subscription.id} className="card" aria-label={nameOf(subscription.planId)}>
              <h3>{nameOf(subscription.planId)}</h3>
              <p>{statusText(subscription)}</p>
              {subscription.status === "active" && !subscription.autoEnable ? (
                canceling ? (
                  <button type="button" className="secondary" disabled={busy} onClick={() => change(subscription.planId, "uncancel")}>
                    Keep my plan
                  </button>
                ) : (
                  <button type="button" className="secondary" disabled={busy} onClick={() => change(subscription.planId, "cancel_end_of_cycle")}>
                    Cancel plan
                  </button>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function statusText(subscription: Subscription): string {
  if (subscription.status !== "active") return subscription.status === "scheduled" ? `Starts ${day(subscription.startedAt)}` : "Ended";
  const end = subscription.expiresAt ?? subscription.currentPeriodEnd;
  if (subscription.canceledAt !== null) return end ? `Active · ends ${day(end)}` : "Active · canceled";
  if (subscription.pastDue) return "Active · payment past due";
  return subscription.currentPeriodEnd ? `Active · renews ${day(subscription.currentPeriodEnd)}` : "Active";
}
