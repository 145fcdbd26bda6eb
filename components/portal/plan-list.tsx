import { Layers } from "lucide-react";
import type { PortalPlan } from "@/lib/portal/get-portal-account";
import type { PortalPlanOption } from "@/lib/portal/portal-plan-change";
import { billingSummary, termText } from "@/lib/billing/views/plan-billing-summary";
import { effectiveCancelAt } from "@/lib/billing/changes/cancel-date";
import { formatDate } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PlanActions, type PlanActionHandlers } from "./plan-actions";
import { dateText, priceText } from "./portal-format";

const isoText = (iso: string) => formatDate(iso);

function planTiming(plan: PortalPlan): string {
  if (plan.status === "scheduled") return `Starts ${dateText(plan.startedAt)}`;
  // Billed: "Renews …" only where something renews (never for a plan billed elsewhere or a contract that ends).
  if (plan.billing) {
    // The period as the entitlements compute it (also for a plan Stripe does not bill yet).
    const billing = { ...plan.billing, currentPeriodEnd: plan.renewsAt ? new Date(plan.renewsAt).toISOString() : plan.billing.currentPeriodEnd };
    return termText(billing, plan.expiresAt ? new Date(plan.expiresAt).toISOString() : null, isoText) ?? `Active since ${dateText(plan.startedAt)}`;
  }
  if (plan.expiresAt) return `Active until ${dateText(plan.expiresAt)}`;
  if (plan.renewsAt) return `Renews ${dateText(plan.renewsAt)}`;
  return `Active since ${dateText(plan.startedAt)}`;
}

/** When a cancellation at the period's end would take effect. */
function cancelDate(plan: PortalPlan): string | null {
  // The same rule the cancellation writes: the period's end, or the contract's end if sooner.
  const at = effectiveCancelAt(plan.renewsAt ?? plan.billing?.currentPeriodEnd ?? null, plan.expiresAt);
  return at ? formatDate(at.toISOString()) : null;
}

export type PlanListProps = {
  plans: PortalPlan[];
  /** The plan buttons' server actions; without them the list only shows. */
  actions?: PlanActionHandlers;
  /** Off: the customer is told to contact the team to change or cancel (contract customers). */
  selfServeCancel?: boolean;
  /** By customer plan id: the plans of its group it may switch to ("Change plan"). */
  changeOptions?: Record<string, PortalPlanOption[]>;
};

/** The customer's plans: name, status, what they pay (or "Custom"), how it is billed, when it renews or ends, and what they can do. */
export function PlanList({ plans, actions, selfServeCancel = true, changeOptions = {} }: PlanListProps) {
  const paidPlans = plans.some((plan) => plan.status === "active" && !plan.oneOff && (plan.price?.amount ?? 0) > 0);
  return (
    <Card className="overflow-hidden">
      <CardHeader className="border-b border-border">
        <CardTitle>Plans</CardTitle>
        <CardDescription>What your account includes today.</CardDescription>
      </CardHeader>
      {plans.length === 0 ? (
        <EmptyState icon={Layers} title="No plan yet" description="When a plan is added to your account, it shows up here." className="py-8" />
      ) : (
        <ul aria-label="Your plans" className="divide-y divide-border">
          {plans.map((plan) => (
            <li key={plan.key} aria-label={plan.name} className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2 px-5 py-4">
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm font-semibold text-foreground">{plan.name}</span>
                  {plan.status === "active" ? (
                    <Badge variant="success" dot>
                      Active
                    </Badge>
                  ) : (
                    <Badge variant="pending" dot>
                      Scheduled
                    </Badge>
                  )}
                  {plan.addOn ? <Badge variant="outline">Add-on</Badge> : null}
                </div>
                <p className="mt-0.5 text-[13px] text-muted-foreground">
                  {planTiming(plan)}
                  {plan.billing && plan.billing.mode ? ` · ${billingSummary(plan.billing).text}` : null}
                </p>
                {plan.billing ? <BillingAlerts plan={plan} /> : null}
              </div>
              <div className="flex items-center gap-2 text-right">
                {plan.custom ? <Badge variant="info">Custom</Badge> : null}
                <span className="numeric text-sm font-medium text-foreground">{priceText(plan.price, plan.custom)}</span>
              </div>
              {actions ? (
                <PlanActions
                  planKey={plan.key}
                  planName={plan.name}
                  payable={plan.payable}
                  cancelable={plan.cancelable}
                  canceling={Boolean(plan.billing?.cancelAtPeriodEnd) && plan.status === "active" && selfServeCancel}
                  endsOn={cancelDate(plan)}
                  changeOptions={selfServeCancel && plan.status === "active" ? changeOptions[plan.key] : undefined}
                  actions={actions}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {!selfServeCancel && paidPlans ? (
        <p className="border-t border-border px-5 py-3 text-[13px] text-muted-foreground">Your plans are part of your agreement with us: to change or cancel one, contact us.</p>
      ) : null}
    </Card>
  );
}

/** What the customer must act on: a failed payment, or a payment still to make. */
function BillingAlerts({ plan }: { plan: PortalPlan }) {
  const badges = billingSummary(plan.billing!).badges.filter((badge) => badge.tone === "danger" || badge.tone === "warning");
  if (badges.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap gap-1">
      {badges.map((badge) => (
        <Badge key={badge.label} variant={badge.tone === "danger" ? "danger" : "warning"}>
          {badge.label}
        </Badge>
      ))}
    </div>
  );
}
