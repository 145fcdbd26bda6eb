"use client";
// The Pending view: customers pre-created without an id, with their age, owner and last
// invitation, so sales can follow them up. Filters and sort live in the URL
// (lib/customers/pending-list-url.ts); the server page reads them and renders the rows.
import { useRouter } from "next/navigation";
import { Clock } from "lucide-react";
import type { PendingCustomerPage } from "@/lib/customers/pending-customers";
import type { OwnerOption } from "@/lib/customers/customer-owner";
import { PENDING_AGES, type PendingSort } from "@/lib/customers/follow-up-schemas";
import { pendingListHref, type PendingListState } from "@/lib/customers/pending-list-url";
import { formatDateTime, formatRelative } from "@/components/dashboard/format";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { PageHeader } from "@/components/ui/page-header";
import { PaginationControls } from "@/components/ui/pagination-controls";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableLinkRow, TableRow, TableRowLink, TableSortButton } from "@/components/ui/table";
import { InvitationStatusBadge } from "./invitation-status-badge";

export type PendingViewProps = { state: PendingListState; page: PendingCustomerPage; owners: OwnerOption[] };

const AGE_LABELS: Record<(typeof PENDING_AGES)[number], string> = { 0: "Any age", 7: "Waiting 7+ days", 30: "Waiting 30+ days", 90: "Waiting 90+ days" };

const ageText = (days: number) => (days === 0 ? "Today" : days === 1 ? "1 day" : `${days} days`);

export function PendingView({ state, page, owners }: PendingViewProps) {
  const router = useRouter();
  const go = (change: Partial<PendingListState>) => router.push(pendingListHref({ ...state, page: 1, ...change }), { scroll: false });
  const filtered = state.owner !== null || state.age > 0;

  function sortHead(sort: PendingSort, label: string, align: "left" | "right" = "left") {
    const active = state.sort === sort;
    const next = active ? (state.dir === "desc" ? "asc" : "desc") : "desc";
    return (
      <TableHead align={align} sort={active ? state.dir : "none"}>
        <TableSortButton direction={active ? state.dir : null} href={pendingListHref({ ...state, sort, dir: next, page: 1 })}>
          {label}
        </TableSortButton>
      </TableHead>
    );
  }

  return (
    <>
      <PageHeader
        back={{ href: "/customers", label: "Customers" }}
        title="Pending customers"
        description="Pre-created customers nobody has claimed yet: who owns them, how long they have waited and when they were last invited."
      />
      <div role="search" aria-label="Pending customers" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="pending-owner">Owner</Label>
          <NativeSelect id="pending-owner" selectSize="sm" wrapperClassName="w-56" value={state.owner ?? ""} onChange={(event) => go({ owner: event.target.value || null })}>
            <option value="">Everyone&apos;s</option>
            <option value="me">Mine</option>
            <option value="none">No owner</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="pending-age">Age</Label>
          <NativeSelect
            id="pending-age"
            selectSize="sm"
            wrapperClassName="w-48"
            value={String(state.age)}
            onChange={(event) => go({ age: Number(event.target.value) as PendingListState["age"] })}
          >
            {PENDING_AGES.map((age) => (
              <option key={age} value={age}>
                {AGE_LABELS[age]}
              </option>
            ))}
          </NativeSelect>
        </div>
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={() => go({ owner: null, age: 0 })}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <Card className="overflow-hidden p-0">
        {page.rows.length === 0 ? (
          <EmptyState
            icon={Clock}
            title={filtered ? "No pending customer matches" : "Nobody is waiting"}
            description={filtered ? "Try another owner or age." : "Every pre-created customer has been claimed. New ones show here until their first sign-in."}
          />
        ) : (
          <Table aria-label="Pending customers">
            <TableHeader>
              <TableRow>
                {sortHead("name", "Customer")}
                {sortHead("age", "Waiting")}
                {sortHead("owner", "Owner")}
                {sortHead("invited", "Last invitation")}
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.rows.map((row) => (
                <TableLinkRow key={row.id} href={`/customers/${row.id}`}>
                  <TableCell>
                    <TableRowLink href={`/customers/${row.id}`} className="font-medium">
                      {row.name || row.email || row.id}
                    </TableRowLink>
                    {row.name && row.email ? <p className="text-xs text-muted-foreground">{row.email}</p> : null}
                  </TableCell>
                  <TableCell>
                    <time dateTime={row.createdAt} title={`Created ${formatDateTime(row.createdAt)}`}>
                      {ageText(row.ageDays)}
                    </time>
                  </TableCell>
                  <TableCell className={row.owner ? undefined : "text-muted-foreground"}>{row.owner?.label ?? "Nobody"}</TableCell>
                  <TableCell>
                    {row.lastInvitation ? (
                      <span className="inline-flex items-center gap-2">
                        <InvitationStatusBadge status={row.lastInvitation.status} />
                        <time dateTime={row.lastInvitation.createdAt} title={formatDateTime(row.lastInvitation.createdAt)} suppressHydrationWarning className="text-muted-foreground">
                          {formatRelative(row.lastInvitation.createdAt)}
                        </time>
                      </span>
                    ) : (
                      <span className="text-muted-foreground">Never invited</span>
                    )}
                  </TableCell>
                </TableLinkRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {page.total > page.pageSize ? (
        <PaginationControls
          className="mt-3"
          offset={(page.page - 1) * page.pageSize}
          count={page.rows.length}
          total={page.total}
          pageSize={page.pageSize}
          pageSizeOptions={[]}
          itemLabel={{ one: "pending customer", other: "pending customers" }}
          previousHref={pendingListHref({ ...state, page: page.page - 1 })}
          nextHref={pendingListHref({ ...state, page: page.page + 1 })}
        />
      ) : null}
    </>
  );
}
