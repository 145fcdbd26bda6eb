import { Layers } from "lucide-react";
import type { PortalPlan } from "@/lib/portal/get-portal-account";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { dateText, priceText } from "./portal-format";

function planTiming(plan: PortalPlan): string {
  if (plan.status === "scheduled") return `Starts ${dateText(plan.startedAt)}`;
  if (plan.expiresAt) return `Active until ${dateText(plan.expiresAt)}`;
  if (plan.renewsAt) return `Renews ${dateText(plan.renewsAt)}`;
  return `Active since ${dateText(plan.startedAt)}`;
}

/** The customer's plans: name, status, what they pay (or "Custom"), and when it renews or ends. */
export function PlanList({ plans }: { plans: PortalPlan[] }) {
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
                <p className="mt-0.5 text-[13px] text-muted-foreground">{planTiming(plan)}</p>
              </div>
              <div className="flex items-center gap-2 text-right">
                {plan.custom ? <Badge variant="info">Custom</Badge> : null}
                <span className="numeric text-sm font-medium text-foreground">{priceText(plan.price, plan.custom)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
