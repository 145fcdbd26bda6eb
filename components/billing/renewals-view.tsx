"use client";
// The Renewals view: contracts ending within 30, 60 or 90 days, what happens at their end, the
// customer's owner and the owner's reminder. Filters live in the URL (lib/billing/views/renewals-url.ts);
// the server page reads them and renders the rows.
import { useRouter } from "next/navigation";
import { CalendarClock } from "lucide-react";
import type { OwnerOption } from "@/lib/customers/customer-owner";
import { RENEWAL_WINDOWS, renewalsHref, type RenewalsState } from "@/lib/billing/views/renewals-url";
import type { ReminderStatus, RenewalViewRow } from "@/lib/billing/views/renewal-view";
import { billingModeLabel } from "@/lib/billing/lifecycle/billing-options";
import { formatDate, formatDateTime } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableLinkRow, TableRow, TableRowLink } from "@/components/ui/table";

export type RenewalsViewProps = { state: RenewalsState; rows: RenewalViewRow[]; owners: OwnerOption[] };

const daysText = (days: number) => (days === 0 ? "today" : days === 1 ? "in 1 day" : `in ${days} days`);

function ReminderText({ reminder }: { reminder: ReminderStatus }) {
  switch (reminder.kind) {
    case "sent":
      return (
        <span>
          Sent{" "}
          <time dateTime={reminder.at} title={formatDateTime(reminder.at)} suppressHydrationWarning>
            {formatDate(reminder.at)}
          </time>
        </span>
      );
    case "scheduled":
      return (
        <span className="text-muted-foreground">
          On{" "}
          <time dateTime={reminder.at} suppressHydrationWarning>
            {formatDate(reminder.at)}
          </time>
        </span>
      );
    case "due":
      return <span className="text-muted-foreground">Sending shortly</span>;
    case "off":
      return <span className="text-muted-foreground">No reminder</span>;
  }
}

export function RenewalsView({ state, rows, owners }: RenewalsViewProps) {
  const router = useRouter();
  const go = (change: Partial<RenewalsState>) => router.push(renewalsHref({ ...state, ...change }), { scroll: false });
  const filtered = state.end !== null || Boolean(state.owner);

  return (
    <>
      <PageHeader
        back={{ href: "/customers", label: "Customers" }}
        title="Renewals"
        description="Contracts ending soon: whether each renews or ends, who owns the customer and when the owner is reminded."
      />
      <div role="search" aria-label="Renewals" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="renewals-within">Ending within</Label>
          <NativeSelect
            id="renewals-within"
            selectSize="sm"
            wrapperClassName="w-40"
            value={String(state.within)}
            onChange={(event) => go({ within: Number(event.target.value) as RenewalsState["within"] })}
          >
            {RENEWAL_WINDOWS.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="renewals-end">At the end</Label>
          <NativeSelect
            id="renewals-end"
            selectSize="sm"
            wrapperClassName="w-44"
            value={state.end ?? ""}
            onChange={(event) => go({ end: (event.target.value || null) as RenewalsState["end"] })}
          >
            <option value="">Renews or ends</option>
            <option value="renew">Renews</option>
            <option value="end">Ends</option>
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="renewals-owner">Owner</Label>
          <NativeSelect id="renewals-owner" selectSize="sm" wrapperClassName="w-56" value={state.owner ?? ""} onChange={(event) => go({ owner: event.target.value || null })}>
            <option value="">Everyone&apos;s</option>
            <option value="me">Mine</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => go({ end: null, owner: null })}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <Card className="overflow-hidden p-0">
        {rows.length === 0 ? (
          <EmptyState
            icon={CalendarClock}
            title={filtered ? "No contract matches" : `No contract ends in the next ${state.within} days`}
            description={
              filtered
                ? "Try another owner, or renewals and ends together."
                : state.within < 90
                  ? "Look further ahead, or set an end date when you enable a plan."
                  : "Contracts are plans enabled with an end date; they show here as the date comes near."
            }
            action={
              !filtered && state.within < 90 ? (
                <Button variant="outline" size="sm" onClick={() => go({ within: 90 })}>
                  Show the next 90 days
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Table aria-label="Renewals">
            <TableHeader>
              <TableRow>
                <TableHead>Customer</TableHead>
                <TableHead>Plan</TableHead>
                <TableHead>Ends</TableHead>
                <TableHead>At the end</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Reminder</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableLinkRow key={row.customerPlanId} href={`/customers/${row.customer.id}`}>
                  <TableCell>
                    <TableRowLink href={`/customers/${row.customer.id}`} className="font-medium">
                      {row.customer.label}
                    </TableRowLink>
                    {row.customer.label !== row.customer.email && row.customer.email ? <p className="text-xs text-muted-foreground">{row.customer.email}</p> : null}
                  </TableCell>
                  <TableCell>
                    <span className="text-foreground">{row.plan.name}</span>
                    <p className="text-xs text-muted-foreground">{billingModeLabel(row.billingMode)}</p>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <time dateTime={row.endsAt} title={formatDateTime(row.endsAt)} suppressHydrationWarning>
                      {formatDate(row.endsAt)}
                    </time>
                    <p className="text-xs text-muted-foreground">{daysText(row.daysLeft)}</p>
                  </TableCell>
                  <TableCell>
                    {row.onEnd === "renew" ? (
                      <Badge variant="success" dot>
                        Renews
                      </Badge>
                    ) : (
                      <Badge variant="warning" dot>
                        Ends
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell className={row.owner ? undefined : "text-muted-foreground"}>{row.owner?.label ?? "Nobody"}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    <ReminderText reminder={row.reminder} />
                  </TableCell>
                </TableLinkRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </>
  );
}
