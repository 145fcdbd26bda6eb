"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import type { AuditEventPage, AuditEventView } from "@/lib/audit/audit-event-view";
import { diffAuditValues, formatAuditValue } from "@/lib/audit/audit-diff";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { formatDateTime, formatRelative } from "@/components/dashboard/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { actorText } from "../actor-text";
import { describeActivity, type ActivityNames } from "./describe-activity";

export const activityUrl = (customerId: string, cursor: string | null) =>
  `/api/dashboard/customers/${encodeURIComponent(customerId)}/activity${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;

/** The customer's audit trail, newest first: who did what, when, with the before/after values. */
export function ActivityTimeline({ env, customerId, names }: { env: Env; customerId: string; names: ActivityNames }) {
  const activity = useInfiniteQuery({
    queryKey: queryKeys.customers.activity(env, customerId),
    queryFn: ({ pageParam, signal }) => fetchJson<AuditEventPage>(activityUrl(customerId, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const events = activity.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Activity</CardTitle>
        <CardDescription>Every change to this customer: who, when, and what it was before.</CardDescription>
      </CardHeader>
      <CardContent>
        {activity.isPending ? (
          <div className="flex flex-col gap-4" role="status">
            <span className="sr-only">Loading activity…</span>
            {[0, 1, 2].map((i) => (
              <div key={i} className="flex gap-3">
                <Skeleton className="size-2.5 rounded-full" />
                <div className="flex flex-1 flex-col gap-1.5">
                  <Skeleton className="h-4 w-2/3" />
                  <Skeleton className="h-3 w-1/3" />
                </div>
              </div>
            ))}
          </div>
        ) : activity.isError && events.length === 0 ? (
          <Alert variant="danger" title="Could not load the activity">
            {activity.error.message}.{" "}
            <button type="button" className="underline underline-offset-2" onClick={() => void activity.refetch()}>
              Try again
            </button>
          </Alert>
        ) : events.length === 0 ? (
          <EmptyState className="py-6" icon={History} title="No activity yet" />
        ) : (
          <>
            <ol aria-label="Activity" className="relative flex flex-col">
              {events.map((event, index) => (
                <ActivityItem key={event.id} event={event} names={names} last={index === events.length - 1} />
              ))}
            </ol>
            {activity.hasNextPage ? (
              <Button variant="outline" size="sm" className="mt-2" loading={activity.isFetchingNextPage} onClick={() => void activity.fetchNextPage()}>
                Show older activity
              </Button>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function ActivityItem({ event, names, last }: { event: AuditEventView; names: ActivityNames; last: boolean }) {
  const text = describeActivity(event, names);
  const changes = diffAuditValues(event.before, event.after).filter((row) => row.change !== "unchanged");
  const by = event.action === "customer.claimed" && event.actorKind === "end_customer" ? `${event.actorLabel ?? "the customer"} (sign-in)` : actorText(event.actorKind, event.actorLabel);
  return (
    <li className="relative flex gap-3 pb-5 last:pb-0">
      {last ? null : <span aria-hidden="true" className="absolute top-3.5 bottom-0 left-[4.5px] w-px bg-border" />}
      <span aria-hidden="true" className="relative mt-1.5 size-2.5 shrink-0 rounded-full border-2 border-primary/60 bg-background" />
      <div className="min-w-0 flex-1">
        <p className="text-sm text-foreground">{text.title}</p>
        {text.detail ? <p className="text-[13px] text-muted-foreground">{text.detail}</p> : null}
        <p className="mt-0.5 text-xs text-muted-foreground">
          by {by} ·{" "}
          <time dateTime={event.createdAt} title={formatDateTime(event.createdAt)} suppressHydrationWarning>
            {formatRelative(event.createdAt)}
          </time>
        </p>
        {changes.length > 0 ? (
          <details className="group mt-1.5">
            <summary className="w-fit cursor-pointer rounded-sm text-xs text-muted-foreground select-none hover:text-foreground">
              Before and after
            </summary>
            <table className="mt-1.5 w-full table-fixed border-collapse text-xs">
              <caption className="sr-only">Changes</caption>
              <thead>
                <tr className="text-left text-muted-foreground">
                  <th scope="col" className="w-1/4 py-1 pr-2 font-medium">Field</th>
                  <th scope="col" className="py-1 pr-2 font-medium">Before</th>
                  <th scope="col" className="py-1 font-medium">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((row) => (
                  <tr key={row.path} className="border-t border-border align-top">
                    <td className="py-1 pr-2 font-mono break-all">{row.path}</td>
                    <td className="py-1 pr-2 font-mono break-all text-destructive-ink">{formatAuditValue(row.before)}</td>
                    <td className="py-1 font-mono break-all text-success-ink">{formatAuditValue(row.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </div>
    </li>
  );
}
