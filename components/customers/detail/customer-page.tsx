import type { CustomerBalances } from "@/lib/balances/get-customer-balances";
import type { CustomerEntitiesView } from "@/lib/entities/list-customer-entities";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { PendingBadge } from "../pending-badge";
import { ActivityTimeline } from "./activity-timeline";
import { BalancesCard } from "./balances-card";
import { BillingCard, type BillingCardProps } from "./billing-card";
import type { CustomerDetailView, CustomerPlanRow, PlanChoice } from "./customer-detail-types";
import { CustomerDetailsCard } from "./customer-details-card";
import { CustomerPlansCard } from "./customer-plans-card";
import { DeleteCustomerCard } from "./delete-customer-card";
import { EditCustomerButton } from "./edit-customer-button";
import { EntitiesCard } from "./entities-card";
import { MetadataCard } from "./metadata-card";
import { MergeCustomerCard } from "./merge-customer-card";
import { FollowUpCard, type FollowUpCardProps } from "../follow-up/follow-up-card";

export type CustomerPageProps = {
  customer: CustomerDetailView;
  plans: CustomerPlanRow[];
  choices: PlanChoice[];
  balances: CustomerBalances;
  entities: CustomerEntitiesView;
  canAdjust: boolean;
  /** Self-serve cancel, invoices and the next invoice (lib/billing/views). */
  billing?: Omit<BillingCardProps, "customer">;
  /** Owner and invitations (components/customers/follow-up). */
  followUp?: Omit<FollowUpCardProps, "customer">;
};

/** The customer page: who it is, its plans, its balances, then its history and metadata. */
export function CustomerPage({ customer, plans, choices, balances, entities, canAdjust, billing, followUp }: CustomerPageProps) {
  const title = customer.name ?? customer.email ?? customer.id ?? "Unnamed customer";
  const names = {
    plans: Object.fromEntries([...choices.map((plan) => [plan.id, plan.name]), ...plans.map((plan) => [plan.planId, plan.planName])]),
    features: Object.fromEntries(balances.balances.map((balance) => [balance.featureId, balance.featureName])),
  };
  return (
    <>
      <PageHeader
        back={{ href: "/customers", label: "Customers" }}
        title={title}
        meta={
          <>
            {customer.pending ? (
              <PendingBadge />
            ) : (
              <span className="inline-flex items-center gap-0.5">
                <Badge variant="outline" className="font-mono">
                  {customer.id}
                </Badge>
                <CopyButton value={customer.id!} label="Copy customer ID" />
              </span>
            )}
            {customer.env === "live" ? (
              <Badge variant="live" dot>
                Live
              </Badge>
            ) : null}
          </>
        }
        description={
          customer.pending
            ? `Pre-created without an id: it is matched to ${customer.email ?? "its email"} when they first sign in, and keeps its plans.`
            : (customer.email ?? undefined)
        }
        actions={<EditCustomerButton customer={customer} />}
      />
      <div className="flex flex-col gap-6">
        <CustomerDetailsCard customer={customer} />
        {followUp ? <FollowUpCard customer={customer} {...followUp} /> : null}
        <CustomerPlansCard customer={customer} plans={plans} choices={choices} />
        {billing ? <BillingCard customer={customer} {...billing} /> : null}
        <BalancesCard customer={customer} balances={balances} canAdjust={canAdjust} />
        <EntitiesCard entities={entities} />
        <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_340px]">
          <ActivityTimeline env={customer.env} customerId={customer.internalId} names={names} />
          <MetadataCard customer={customer} />
        </div>
        <MergeCustomerCard customer={customer} />
        <DeleteCustomerCard customer={customer} />
      </div>
    </>
  );
}
