import { Check, Gauge } from "lucide-react";
import type { PortalBalance, PortalFeature } from "@/lib/portal/get-portal-account";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { amountText, dateText } from "./portal-format";

function balanceNote(balance: PortalBalance): string {
  const parts: string[] = [];
  if (!balance.unlimited) parts.push(`${amountText(balance.remaining)} left`);
  if (balance.overageAllowed && !balance.unlimited) parts.push("usage past the limit is allowed");
  if (balance.nextResetAt) parts.push(`resets ${dateText(balance.nextResetAt)}`);
  else if (balance.type === "single_use") parts.push("does not reset");
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Usage against each limit, with when it resets; then the features the plans switch on. */
export function BalanceList({ balances, features }: { balances: PortalBalance[]; features: PortalFeature[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Usage</CardTitle>
        <CardDescription>How much of each allowance you have used in the current period.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {balances.length === 0 ? (
          <EmptyState icon={Gauge} title="Nothing metered" description="Your plans have no usage limits to show." className="py-6" />
        ) : (
          <ul aria-label="Your balances" className="grid gap-5">
            {balances.map((balance) => (
              <li key={balance.featureId} aria-label={balance.name} className="grid gap-1.5">
                <ProgressBar label={balance.name} value={balance.usage} max={balance.unlimited ? null : balance.granted} />
                <p className="text-xs text-muted-foreground">{balanceNote(balance)}</p>
              </li>
            ))}
          </ul>
        )}
        {features.length > 0 ? (
          <div className="border-t border-border pt-4">
            <h3 className="text-[13px] font-medium text-foreground">Included features</h3>
            <ul aria-label="Included features" className="mt-2 grid gap-1.5 sm:grid-cols-2">
              {features.map((feature) => (
                <li key={feature.featureId} className="flex items-center gap-2 text-sm text-foreground">
                  <Check className="size-4 text-success" aria-hidden="true" />
                  {feature.name}
                  {feature.expiresAt ? <span className="text-xs text-muted-foreground">until {dateText(feature.expiresAt)}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
