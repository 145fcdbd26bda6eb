"use client";

import { useState } from "react";
import { MoreHorizontal, Package, Plus } from "lucide-react";
import type { CustomerPlanStatus } from "@/lib/generated/prisma";
import { cancelCustomerPlanAction, removeCustomerPlanAction } from "@/lib/plans/actions";
import { toastActionError } from "@/components/dashboard/action-feedback";
import { formatDate, formatDateTime } from "@/components/dashboard/format";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { billingSummary, termText } from "@/lib/billing/views/plan-billing-summary";
import { actorText } from "../actor-text";
import type { CustomerDetailView, CustomerPlanRow, PlanChoice } from "./customer-detail-types";
import { EnablePlanDialog } from "./enable-plan-dialog";
import { formatPrice } from "./format-price";
import { useCustomerChanged } from "./use-customer-changed";

const STATUS: Record<CustomerPlanStatus, { label: string; variant: BadgeProps["variant"] }> = {
  active: { label: "Active", variant: "success" },
  scheduled: { label: "Scheduled", variant: "info" },
  canceled: { label: "Canceled", variant: "neutral" },
  expired: { label: "Expired", variant: "neutral" },
  replaced: { label: "Replaced", variant: "neutral" },
};

type PendingChange = { kind: "cancel" | "remove"; plan: CustomerPlanRow } | null;

export function CustomerPlansCard({ customer, plans, choices }: { customer: CustomerDetailView; plans: CustomerPlanRow[]; choices: PlanChoice[] }) {
  const [enableOpen, setEnableOpen] = useState(false);
  const [change, setChange] = useState<PendingChange>(null);
  const changed = useCustomerChanged(customer.env, customer.internalId);
  const current = plans.filter((plan) => plan.status === "active" || plan.status === "scheduled");
  const past = plans.filter((plan) => !(plan.status === "active" || plan.status === "scheduled"));

  async function apply() {
    if (!change) return;
    const input = { customerPlanId: change.plan.id, customerId: customer.internalId };
    const result = change.kind === "cancel" ? await cancelCustomerPlanAction(input) : await removeCustomerPlanAction(input);
    if (!result.ok) {
      toastActionError(result.error, change.kind === "cancel" ? "Could not cancel the plan" : "Could not remove the plan");
      return false;
    }
    changed();
    toast.success(change.kind === "cancel" ? `${change.plan.planName} canceled` : `${change.plan.planName} removed`);
  }

  const enableButton = (
    <Button size="sm" onClick={() => setEnableOpen(true)} disabled={choices.length === 0}>
      <Plus aria-hidden="true" />
      Enable plan
    </Button>
  );

  return (
    <Card className="overflow-hidden">
      <CardHeader>
        <CardTitle>Plans</CardTitle>
        <CardDescription>Enabled here with no checkout; each plan says how it is billed.</CardDescription>
        <CardAction>{enableButton}</CardAction>
      </CardHeader>
      {plans.length === 0 ? (
        <EmptyState
          className="border-t border-border py-8"
          icon={Package}
          title="No plans"
          description={
            choices.length === 0
              ? "There are no plans in the catalog yet: create one on the Plans page first."
              : customer.pending
                ? "Enable the negotiated plan now: the customer has it the moment they sign up."
                : "Enable a plan to grant its features."
          }
        />
      ) : (
        <Table aria-label="Plans" wrapperClassName="border-t border-border">
          <TableHeader>
            <TableRow>
              <TableHead>Plan</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Price</TableHead>
              <TableHead>Billing</TableHead>
              <TableHead>Period</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...current, ...past].map((plan) => (
              <PlanRow key={plan.id} plan={plan} onChange={(kind) => setChange({ kind, plan })} />
            ))}
          </TableBody>
        </Table>
      )}
      <EnablePlanDialog customer={customer} choices={choices} open={enableOpen} onOpenChange={setEnableOpen} />
      <ConfirmDialog
        open={change !== null}
        onOpenChange={(open) => {
          if (!open) setChange(null);
        }}
        title={change?.kind === "cancel" ? `Cancel ${change.plan.planName}?` : `Remove ${change?.plan.planName ?? "plan"}?`}
        description={
          change?.kind === "cancel"
            ? "Its features stop at once. The plan stays in the customer's history as canceled."
            : "The plan and exactly what it granted are deleted, as if it had never been enabled. Recorded usage stays."
        }
        confirmLabel={change?.kind === "cancel" ? "Cancel plan" : "Remove plan"}
        cancelLabel="Keep plan"
        onConfirm={apply}
      />
    </Card>
  );
}

function PlanRow({ plan, onChange }: { plan: CustomerPlanRow; onChange: (kind: "cancel" | "remove") => void }) {
  const status = STATUS[plan.status];
  const live = plan.status === "active" || plan.status === "scheduled";
  const overrides = Object.entries(plan.overrides ?? {});
  return (
    <TableRow className={live ? undefined : "text-muted-foreground"}>
      <TableCell className="max-w-72 min-w-44">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-medium text-foreground">{plan.planName}</span>
          {plan.addOn ? <Badge variant="outline">Add-on</Badge> : null}
          {plan.customPrice || overrides.length > 0 ? <Badge variant="warning">Custom</Badge> : null}
        </div>
        {overrides.length > 0 ? (
          <p className="mt-0.5 text-xs text-muted-foreground">
            {overrides
              .map(([featureId, override]) => `${featureId}: ${override.unlimited ? "unlimited" : (override.included?.toLocaleString("en-US") ?? "as plan")}`)
              .join(", ")}
          </p>
        ) : null}
        {plan.note ? <p className="mt-0.5 truncate text-xs text-muted-foreground" title={plan.note}>{plan.note}</p> : null}
        <p className="mt-0.5 truncate text-xs text-muted-foreground">
          Enabled by {actorText(plan.enabledBy.kind, plan.enabledBy.label)} ·{" "}
          <time dateTime={plan.enabledAt} title={formatDateTime(plan.enabledAt)} suppressHydrationWarning>
            {formatDate(plan.enabledAt)}
          </time>
        </p>
      </TableCell>
      <TableCell>
        <Badge variant={status.variant} dot>
          {status.label}
        </Badge>
      </TableCell>
      <TableCell className="whitespace-nowrap">
        <span className="numeric">{formatPrice(plan.price)}</span>
        {plan.customPrice ? (
          <span className="block text-xs text-muted-foreground">
            negotiated · list <span className="line-through">{formatPrice(plan.planPrice)}</span>
          </span>
        ) : null}
      </TableCell>
      <TableCell className="min-w-40">
        <BillingCell plan={plan} live={live} />
      </TableCell>
      <TableCell className="text-[13px] whitespace-nowrap">
        {plan.waitsForPayment ? (
          <span className="block">Starts once paid →</span>
        ) : (
          <time dateTime={plan.startsAt} className="block" suppressHydrationWarning>
            {formatDate(plan.startsAt)} →
          </time>
        )}
        {plan.canceledAt ? (
          <time dateTime={plan.canceledAt} className="block text-xs text-muted-foreground" suppressHydrationWarning>{`canceled ${formatDate(plan.canceledAt)}`}</time>
        ) : (
          <span className="block text-xs text-muted-foreground" suppressHydrationWarning>
            {(plan.billing && live ? termText(plan.billing, plan.endsAt, formatDate) : null) ?? (plan.endsAt ? formatDate(plan.endsAt) : "no end date")}
          </span>
        )}
      </TableCell>
      <TableCell align="right" className="w-10">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${plan.planName}`}>
              <MoreHorizontal aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            {live ? <DropdownMenuItem onSelect={() => onChange("cancel")}>Cancel plan…</DropdownMenuItem> : null}
            <DropdownMenuItem variant="destructive" onSelect={() => onChange("remove")}>
              Remove plan…
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </TableCell>
    </TableRow>
  );
}

const BADGE_VARIANT = { danger: "danger", warning: "warning", info: "info", neutral: "neutral" } as const;

/** "By invoice · net 30", "Billed elsewhere"…, with what needs attention (past due, awaiting payment). */
function BillingCell({ plan, live }: { plan: CustomerPlanRow; live: boolean }) {
  if (!plan.billing) return <span className="text-xs text-muted-foreground">—</span>;
  const { text, badges } = billingSummary(plan.billing);
  return (
    <div className="flex flex-col items-start gap-1">
      <span className="text-[13px]">{text}</span>
      {live && badges.length > 0 ? (
        <span className="flex flex-wrap gap-1">
          {badges.map((badge) => (
            <Badge key={badge.label} variant={BADGE_VARIANT[badge.tone]}>
              {badge.label}
            </Badge>
          ))}
        </span>
      ) : null}
    </div>
  );
}
