"use client";

import Link from "next/link";
import type { UseQueryResult } from "@tanstack/react-query";
import { CircleAlert, Plus, SearchX, Users } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import { HttpError } from "@/components/dashboard/fetch-json";
import { formatDate, formatDateTime } from "@/components/dashboard/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PaginationControls } from "@/components/ui/pagination-controls";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow, TableSortButton } from "@/components/ui/table";
import { TableLinkRow, TableRowLink } from "@/components/ui/table-link-row";
import { cn } from "@/lib/utils/cn";
import { actorText } from "./actor-text";
import { CUSTOMER_PAGE_SIZES, type CustomerListQuery, type CustomerSort } from "@/lib/customers/customer-list-url";
import type { CustomerListPage, CustomerListRow } from "@/lib/customers/customer-list-page";
import { PendingBadge } from "./pending-badge";

export type CustomersTableProps = {
  env: Env;
  list: UseQueryResult<CustomerListPage, Error>;
  query: CustomerListQuery;
  page: number;
  filtered: boolean;
  canCreate: boolean;
  onCreate: (email?: string) => void;
  onClearFilters: () => void;
  onFirstPage: () => void;
  onSortChange: (sort: CustomerSort) => void;
  onPageSizeChange: (size: number) => void;
  onNext: () => void;
  onPrevious: () => void;
};

const COLUMNS = 5;

export function CustomersTable(props: CustomersTableProps) {
  const { list, query, page, filtered, canCreate, onCreate, onClearFilters, onFirstPage, onSortChange, onPageSizeChange, onNext, onPrevious } = props;
  const rows = list.data?.rows;
  const direction = query.sort === "newest" ? "desc" : "asc";

  return (
    <Card className="overflow-hidden">
      <div aria-busy={list.isFetching} className={cn("transition-opacity", list.isPlaceholderData && "opacity-60")}>
        <Table aria-label="Customers" aria-describedby="customers-summary" className="table-fixed">
          <colgroup>
            <col className="w-[22%]" />
            <col className="w-[16%]" />
            <col className="w-[24%]" />
            <col className="w-[16%]" />
            <col className="w-[22%]" />
          </colgroup>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>ID</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Plans</TableHead>
              <TableHead sort={direction === "desc" ? "desc" : "asc"}>
                <TableSortButton direction={direction} onClick={() => onSortChange(query.sort === "newest" ? "oldest" : "newest")}>
                  Created
                  <span className="sr-only">, {query.sort === "newest" ? "newest first; sort oldest first" : "oldest first; sort newest first"}</span>
                </TableSortButton>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows === undefined ? (
              list.isError ? (
                <FullWidthRow>
                  <ListError error={list.error} onRetry={() => void list.refetch()} onFirstPage={onFirstPage} />
                </FullWidthRow>
              ) : (
                <SkeletonRows count={Math.min(query.pageSize, 10)} />
              )
            ) : rows.length === 0 ? (
              <FullWidthRow>
                {filtered || page > 1 ? (
                  <EmptyState
                    icon={SearchX}
                    title="No customers match"
                    description={
                      query.search
                        ? `Nothing has “${query.search}” in its id, name or email${query.plan || query.pendingOnly ? " with these filters" : ""}.`
                        : "No customer matches these filters."
                    }
                    action={
                      <>
                        <Button variant="outline" onClick={onClearFilters}>
                          Clear filters
                        </Button>
                        {canCreate ? (
                          <Button onClick={() => onCreate(query.search.includes("@") ? query.search : undefined)}>
                            <Plus aria-hidden="true" />
                            {query.search.includes("@") ? `Create customer for ${query.search}` : "Create customer"}
                          </Button>
                        ) : null}
                      </>
                    }
                  />
                ) : (
                  <EmptyState
                    icon={Users}
                    title="No customers yet"
                    description="Customers appear here when your application calls customers.getOrCreate, or when you create one by hand, for example for an enterprise deal before they sign up."
                    action={
                      canCreate ? (
                        <Button onClick={() => onCreate()}>
                          <Plus aria-hidden="true" />
                          Create customer
                        </Button>
                      ) : null
                    }
                  />
                )}
              </FullWidthRow>
            ) : (
              rows.map((row) => <CustomerRow key={row.internalId} row={row} />)
            )}
          </TableBody>
        </Table>
      </div>
      <div className="border-t border-border px-4" id="customers-summary">
        <PaginationControls
          offset={(page - 1) * query.pageSize}
          count={rows?.length ?? 0}
          pageSize={query.pageSize}
          pageSizeOptions={[...CUSTOMER_PAGE_SIZES]}
          // Keyset pages have no count; on the last page the total is known all the same (unless a
          // link opened the list mid-way, at a cursor without its page number).
          total={rows && !list.data?.nextCursor && !list.isPlaceholderData && (page > 1 || query.cursor === null) ? (page - 1) * query.pageSize + rows.length : undefined}
          itemLabel={{ one: "customer", other: "customers" }}
          hasPrevious={page > 1 || query.cursor !== null}
          hasNext={Boolean(list.data?.nextCursor) && !list.isPlaceholderData}
          onPrevious={onPrevious}
          onNext={onNext}
          onPageSizeChange={onPageSizeChange}
        />
      </div>
    </Card>
  );
}

function CustomerRow({ row }: { row: CustomerListRow }) {
  const href = `/customers/${encodeURIComponent(row.internalId)}`;
  return (
    <TableLinkRow href={href}>
      <TableCell className="truncate">
        <TableRowLink title={row.name ?? undefined}>{row.name ?? <span className="text-muted-foreground italic">No name</span>}</TableRowLink>
      </TableCell>
      <TableCell className="truncate">
        {row.pending ? <PendingBadge /> : <span className="font-mono text-[13px]" title={row.id ?? undefined}>{row.id}</span>}
      </TableCell>
      <TableCell className="truncate text-[13px]" title={row.email ?? undefined}>
        {row.email ?? <span className="text-muted-foreground">—</span>}
      </TableCell>
      <TableCell>
        <PlanBadges plans={row.plans} />
      </TableCell>
      <TableCell>
        <div className="flex flex-col leading-tight">
          <time dateTime={row.createdAt} title={formatDateTime(row.createdAt)} className="text-[13px]" suppressHydrationWarning>
            {formatDate(row.createdAt)}
          </time>
          <span className="truncate text-xs text-muted-foreground">by {actorText(row.createdBy.kind, row.createdBy.label)}</span>
        </div>
      </TableCell>
    </TableLinkRow>
  );
}

function PlanBadges({ plans }: { plans: CustomerListRow["plans"] }) {
  if (plans.length === 0) return <span className="text-[13px] text-muted-foreground">—</span>;
  const shown = plans.slice(0, 2);
  return (
    <div className="flex flex-wrap items-center gap-1">
      {shown.map((plan) => (
        <Badge key={`${plan.planId}-${plan.status}`} variant={plan.status === "active" ? "info" : "outline"} title={plan.status === "scheduled" ? `${plan.name} (scheduled)` : plan.name}>
          {plan.name}
          {plan.status === "scheduled" ? <span className="font-normal text-muted-foreground">scheduled</span> : null}
        </Badge>
      ))}
      {plans.length > shown.length ? <span className="text-xs text-muted-foreground">+{plans.length - shown.length}</span> : null}
    </div>
  );
}

function FullWidthRow({ children }: { children: React.ReactNode }) {
  return (
    <TableRow className="hover:bg-transparent [tbody_&]:hover:bg-transparent">
      <TableCell colSpan={COLUMNS} className="p-0">
        {children}
      </TableCell>
    </TableRow>
  );
}

function SkeletonRows({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <TableRow key={i}>
          <TableCell>
            <Skeleton className="h-4 w-32" />
          </TableCell>
          <TableCell>
            <Skeleton className="h-4 w-20" />
          </TableCell>
          <TableCell>
            <Skeleton className="h-4 w-36" />
          </TableCell>
          <TableCell>
            <Skeleton className="h-5 w-16" />
          </TableCell>
          <TableCell>
            <Skeleton className="h-4 w-20" />
          </TableCell>
        </TableRow>
      ))}
      <tr className="sr-only">
        <td role="status">Loading customers…</td>
      </tr>
    </>
  );
}

/** What went wrong, and what to do about it. */
function ListError({ error, onRetry, onFirstPage }: { error: Error; onRetry: () => void; onFirstPage: () => void }) {
  const status = error instanceof HttpError ? error.status : 0;
  if (status === 401) {
    return (
      <EmptyState
        role="alert"
        icon={CircleAlert}
        title="Your session has ended"
        description="Sign in again to see the customers."
        action={
          <Button asChild>
            <Link href="/sign-in?callbackUrl=%2Fcustomers">Sign in again</Link>
          </Button>
        }
      />
    );
  }
  if (status === 403) {
    return <EmptyState role="alert" icon={CircleAlert} title="You cannot see customers" description={`${error.message}. Ask an admin for access.`} />;
  }
  if (status === 400) {
    return (
      <EmptyState
        role="alert"
        icon={CircleAlert}
        title="This view cannot be shown"
        description={`${error.message}. The link may be out of date: start again from the first page.`}
        action={<Button onClick={onFirstPage}>Go to the first page</Button>}
      />
    );
  }
  return (
    <EmptyState
      role="alert"
      icon={CircleAlert}
      title="Could not load customers"
      description={
        status === 503
          ? "The database is unavailable right now. Try again in a few seconds."
          : "The server did not answer as expected. Try again; if it keeps failing, tell your administrator."
      }
      action={<Button onClick={onRetry}>Try again</Button>}
    />
  );
}
