"use client";

import { useState } from "react";
import { Gauge } from "lucide-react";
import type { CustomerBalances } from "@/lib/balances/get-customer-balances";
import { formatDate, formatNumber } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { SparklineBars } from "@/components/ui/sparkline-bars";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AdjustBalanceDialog, type AdjustTarget } from "./adjust-balance-dialog";
import type { CustomerDetailView } from "./customer-detail-types";

const shortDay = (day: string) => formatDate(`${day}T12:00:00Z`).replace(/, \d{4}$/, "");

/** Every feature the customer has: granted, used, remaining, next reset, 30 days of usage. */
export function BalancesCard({ customer, balances, canAdjust }: { customer: CustomerDetailView; balances: CustomerBalances; canAdjust: boolean }) {
  const [target, setTarget] = useState<AdjustTarget | null>(null);
  const empty = balances.balances.length === 0 && balances.flags.length === 0;
  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Features and balances</CardTitle>
        <CardDescription>What the enabled plans grant, and what the customer used.</CardDescription>
      </CardHeader>
      {empty ? (
        <EmptyState className="border-t border-border py-8" icon={Gauge} title="No features yet" description="Enable a plan to grant features and balances." />
      ) : null}
      {balances.balances.length > 0 ? (
        <Table aria-label="Balances" wrapperClassName="border-t border-border" className="table-fixed">
          <colgroup>
            <col className="w-[22%]" />
            <col className="w-[24%]" />
            <col className="w-[12%]" />
            <col className="w-[13%]" />
            <col className="w-[18%]" />
            <col className="w-[11%]" />
          </colgroup>
          <TableHeader>
            <TableRow>
              <TableHead>Feature</TableHead>
              <TableHead>Used of granted</TableHead>
              <TableHead align="right">Remaining</TableHead>
              <TableHead>Next reset</TableHead>
              <TableHead>Last 30 days</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {balances.balances.map(({ featureId, featureName, balance, series }) => (
              <TableRow key={featureId}>
                <TableCell className="truncate">
                  <span className="block truncate font-medium">{featureName}</span>
                  <span className="block truncate font-mono text-xs text-muted-foreground">{featureId}</span>
                </TableCell>
                <TableCell>
                  {balance ? (
                    <UsageCell featureName={featureName} usage={balance.usage} granted={balance.unlimited ? null : balance.granted} />
                  ) : (
                    <span className="text-[13px] text-muted-foreground">Not granted (used {formatNumber(series.reduce((sum, day) => sum + day.usage, 0))})</span>
                  )}
                </TableCell>
                <TableCell numeric className="text-[13px]">
                  {balance ? (balance.unlimited ? "Unlimited" : formatNumber(balance.remaining)) : "—"}
                </TableCell>
                <TableCell className="text-[13px]">
                  {balance?.next_reset_at ? (
                    <time dateTime={new Date(balance.next_reset_at).toISOString()} suppressHydrationWarning>
                      {formatDate(new Date(balance.next_reset_at))}
                    </time>
                  ) : (
                    <span className="text-muted-foreground">{balance ? "No reset" : "—"}</span>
                  )}
                </TableCell>
                <TableCell>
                  <SparklineBars
                    values={series.map((day) => day.usage)}
                    labels={series.map((day) => shortDay(day.date))}
                    label={`${featureName} usage, last 30 days`}
                    width={116}
                    height={24}
                    format={formatNumber}
                  />
                </TableCell>
                <TableCell align="right">
                  {canAdjust && balance && !balance.unlimited ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setTarget({ featureId, featureName, granted: balance.granted, usage: balance.usage })}
                    >
                      Adjust
                      <span className="sr-only"> {featureName}</span>
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {balances.flags.length > 0 ? (
        <CardContent className="flex flex-wrap items-center gap-2 border-t border-border pt-4">
          <span className="text-[13px] text-muted-foreground">Enabled features:</span>
          {balances.flags.map((flag) => (
            <Badge key={flag.featureId} variant="success" dot title={flag.flag.plan_id ? `From ${flag.flag.plan_id}` : undefined}>
              {flag.featureName}
            </Badge>
          ))}
        </CardContent>
      ) : null}
      <AdjustBalanceDialog customer={customer} target={target} onOpenChange={(open) => !open && setTarget(null)} />
    </Card>
  );
}

/** "164 of 225" over a bar (amber near the limit, red over it); "212 used" for an unlimited balance. */
function UsageCell({ featureName, usage, granted }: { featureName: string; usage: number; granted: number | null }) {
  return (
    <div className="grid gap-1">
      <span className="numeric text-[13px]">
        {formatNumber(usage)} <span className="text-muted-foreground">{granted === null ? "used · unlimited" : `of ${formatNumber(granted)}`}</span>
      </span>
      {granted === null ? null : <ProgressBar value={usage} max={granted} label={`${featureName} used`} showValue={false} format={formatNumber} />}
    </div>
  );
}
