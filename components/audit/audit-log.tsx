"use client";

import { Fragment, useState } from "react";
import Link from "next/link";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { ChevronDown, ChevronRight, ScrollText } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { AuditEventPage, AuditEventView } from "@/lib/audit/audit-event-view";
import { AUDIT_ACTOR_KIND_LABEL, type AuditFilters as AuditFilterInput } from "@/lib/audit/schemas";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, HttpError } from "@/components/dashboard/fetch-json";
import { formatDateTime } from "@/components/dashboard/format";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuditDiffView } from "./audit-diff-view";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { auditSearchParams } from "@/lib/audit/audit-search-params";

function toInput(values: AuditFilterValues): AuditFilterInput {
  return {
    actor: values.actor || undefined,
    actorKind: values.actorKind ?? undefined,
    action: values.action || undefined,
    customer: values.customer || undefined,
  };
}

function eventsUrl(filters: AuditFilterInput, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set("cursor", cursor);
  return `/api/dashboard/audit-events?${params}`;
}

const sameFilters = (a: AuditFilterInput, b: AuditFilterInput) => JSON.stringify(toSorted(a)) === JSON.stringify(toSorted(b));
const toSorted = (f: AuditFilterInput) => [f.actor ?? "", f.actorKind ?? "", f.action ?? "", f.customer ?? ""];

function targetLabel(event: AuditEventView): string {
  const target = (event.target ?? {}) as Record<string, unknown>;
  for (const key of ["name", "email", "planId", "featureId", "externalId"]) {
    if (typeof target[key] === "string" && target[key]) return target[key] as string;
  }
  return event.targetId ?? "—";
}

export type AuditLogProps = {
  env: Env;
  /** The first page, rendered on the server for the filters in the URL at load time. */
  initialPage: AuditEventPage;
  initialFilters: AuditFilterInput;
};

/**
 * The audit log: filters live in the URL (nuqs, shallow: no server round trip), data comes from
 * GET /api/dashboard/audit-events through React Query, one keyset page at a time ("Load older events").
 */
export function AuditLog({ env, initialPage, initialFilters }: AuditLogProps) {
  const [values, setValues] = useQueryStates(auditSearchParams, { history: "replace" });
  const filters = toInput(values);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const query = useInfiniteQuery({
    queryKey: queryKeys.audit.events(env, filters),
    queryFn: ({ pageParam }) => fetchJson<AuditEventPage>(eventsUrl(filters, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: sameFilters(filters, initialFilters) ? { pages: [initialPage], pageParams: [null] } : undefined,
    placeholderData: keepPreviousData,
  });

  const events = query.data?.pages.flatMap((page) => page.events) ?? [];
  const filtering = Boolean(filters.actor || filters.actorKind || filters.action || filters.customer);

  function toggle(id: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <AuditFilters values={values} onChange={(next) => void setValues(next)} />

      {query.isError ? (
        <Alert variant="danger" title="Could not load the audit log" className="mb-4">
          {query.error instanceof HttpError && query.error.status === 401 ? (
            <>
              Your session has ended. <Link href="/sign-in?callbackUrl=/audit">Sign in again</Link>.
            </>
          ) : (
            <>
              {query.error.message}{" "}
              <button type="button" className="font-medium underline underline-offset-2" onClick={() => void query.refetch()}>
                Try again
              </button>
            </>
          )}
        </Alert>
      ) : null}

      <Card className="overflow-hidden" aria-busy={query.isFetching || undefined}>
        {query.isPending ? (
          <div role="status" className="flex flex-col">
            <span className="sr-only">Loading events…</span>
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="flex h-11 items-center gap-6 border-b border-border px-4 last:border-0">
                <Skeleton className="h-4 w-32" />
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-4 w-28" />
                <Skeleton className="h-4 w-36" />
              </div>
            ))}
          </div>
        ) : events.length === 0 ? (
          <EmptyState
            icon={ScrollText}
            title={filtering ? "No events match these filters" : "No events yet"}
            description={
              filtering
                ? "Try a shorter action (plan.), another spelling of the actor, or clear the filters."
                : "Every change made in the dashboard, through the API or by Stripe is recorded here."
            }
            action={
              filtering ? (
                <Button variant="outline" onClick={() => void setValues({ actor: "", actorKind: null, action: "", customer: "" })}>
                  Clear filters
                </Button>
              ) : null
            }
          />
        ) : (
          <Table aria-label="Audit events, newest first">
            <TableHeader>
              <TableRow>
                <TableHead className="w-10">
                  <span className="sr-only">Details</span>
                </TableHead>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Customer</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.map((event) => {
                const open = expanded.has(event.id);
                const detailsId = `audit-details-${event.id}`;
                return (
                  <Fragment key={event.id}>
                    <TableRow data-event-id={event.id} className={open ? "border-b-0 bg-subtle" : undefined}>
                      <TableCell className="w-10 pr-0">
                        <Button
                          variant="ghost"
                          size="icon-sm"
                          aria-expanded={open}
                          aria-controls={detailsId}
                          aria-label={`${open ? "Hide" : "Show"} details of ${event.action} at ${formatDateTime(event.createdAt)}`}
                          onClick={() => toggle(event.id)}
                        >
                          {open ? <ChevronDown /> : <ChevronRight />}
                        </Button>
                      </TableCell>
                      <TableCell className="whitespace-nowrap">
                        <time dateTime={event.createdAt} title={event.createdAt}>
                          {formatDateTime(event.createdAt)}
                        </time>
                      </TableCell>
                      <TableCell className="max-w-64">
                        <span className="block truncate">{event.actorLabel ?? event.actorId ?? "—"}</span>
                        <span className="block text-xs text-muted-foreground">{AUDIT_ACTOR_KIND_LABEL[event.actorKind]}</span>
                      </TableCell>
                      <TableCell>
                        <code className="rounded-xs bg-muted px-1.5 py-0.5 font-mono text-xs">{event.action}</code>
                        {event.env === null ? (
                          <Badge variant="outline" className="ml-2">
                            All environments
                          </Badge>
                        ) : null}
                      </TableCell>
                      <TableCell className="max-w-56">
                        <span className="block truncate">{targetLabel(event)}</span>
                        <span className="block text-xs text-muted-foreground">{event.targetType}</span>
                      </TableCell>
                      <TableCell className="font-mono text-xs">
                        {event.customerId ? (
                          <Link href={`/customers/${event.customerId}`} className="rounded-xs underline-offset-2 hover:underline">
                            {event.customerId}
                          </Link>
                        ) : (
                          <span className="text-muted-foreground">—</span>
                        )}
                      </TableCell>
                    </TableRow>
                    {open ? (
                      <TableRow className="bg-subtle hover:bg-subtle">
                        <TableCell colSpan={6} id={detailsId} className="pt-0 pb-4">
                          <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
                            <AuditDiffView before={event.before} after={event.after} />
                            <dl className="grid content-start gap-x-3 gap-y-1 text-xs [&_dd]:font-mono [&_dd]:break-all [&_dt]:text-muted-foreground">
                              <dt>Event</dt>
                              <dd>{event.id}</dd>
                              {event.targetId ? (
                                <>
                                  <dt>Target id</dt>
                                  <dd>{event.targetId}</dd>
                                </>
                              ) : null}
                              {event.actorId ? (
                                <>
                                  <dt>Actor id</dt>
                                  <dd>{event.actorId}</dd>
                                </>
                              ) : null}
                              {event.requestId ? (
                                <>
                                  <dt>Request</dt>
                                  <dd>{event.requestId}</dd>
                                </>
                              ) : null}
                              <dt>Target snapshot</dt>
                              <dd>
                                <pre className="mt-0.5 max-h-40 overflow-auto rounded-sm border border-border bg-background p-2 whitespace-pre-wrap">{JSON.stringify(event.target, null, 2)}</pre>
                              </dd>
                            </dl>
                          </div>
                        </TableCell>
                      </TableRow>
                    ) : null}
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>

      {events.length > 0 ? (
        <div className="flex items-center justify-between gap-4 py-3 text-[13px] text-muted-foreground">
          <p aria-live="polite" className="flex items-center gap-2">
            {query.isFetching && !query.isFetchingNextPage ? <Spinner size={14} label="Updating" /> : null}
            Showing {events.length} {events.length === 1 ? "event" : "events"}, newest first
          </p>
          {query.hasNextPage ? (
            <Button variant="outline" size="sm" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              Load older events
            </Button>
          ) : (
            <span>That is the oldest event.</span>
          )}
        </div>
      ) : null}
    </>
  );
}
