"use client";
// The signed-in customer's billing, all through autumn-js's hooks: their plans (with a
// cancellation), the pricing table (with the upgrade's preview), and the metered feature's usage.
import { useState } from "react";
import { useCustomer, useListPlans } from "autumn-js/react";
import { CurrentPlans } from "./current-plans";
import { PricingTable, type Plan } from "./pricing-table";
import { UpgradeDialog } from "./upgrade-dialog";
import { Usage } from "./usage";

export function Billing() {
  const customer = useCustomer();
  const plans = useListPlans();
  const [upgrading, setUpgrading] = useState<Plan | null>(null);

  if (customer.error || plans.error) return <p className="error" role="alert">Equinox answered: {(customer.error ?? plans.error)?.message}</p>;
  if (!customer.data || !plans.data) return <p className="muted">Loading your account…</p>;

  return (
    <>
      <CurrentPlans customer={customer} plans={plans.data} />
      <Usage customer={customer.data} onUsed={() => customer.refetch()} />
      <PricingTable plans={plans.data} onChoose={setUpgrading} />
      {upgrading ? <UpgradeDialog plan={upgrading} customer={customer} onClose={() => setUpgrading(null)} /> : null}
    </>
  );
}
