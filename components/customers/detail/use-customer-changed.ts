"use client";
// After a mutation of one customer: the server components re-render through the action's
// revalidatePath (in the action's own response); what React Query holds about the customer
// (activity, lists) is refetched here, in the background: the dialog closes on the action's answer
// instead of waiting for a second round trip.
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { Env } from "@/lib/generated/prisma";
import { queryKeys } from "@/lib/query-keys";

export type CustomerChangedOptions = {
  /**
   * The action revalidated the customer's page: its new render, in the action's own response,
   * prefetches the activity's first page, which the page's HydrationBoundary puts in the cache
   * (it is newer than what is there). Fetching it again would only repeat that request while the
   * page updates; it is refetched only when older pages were loaded ("Show older"), which the
   * render does not carry.
   */
  pageRevalidated?: boolean;
};

export function useCustomerChanged(env: Env, customerId: string, options: CustomerChangedOptions = {}): () => void {
  const queryClient = useQueryClient();
  return () => {
    const activity = queryClient.getQueryData<InfiniteData<unknown>>(queryKeys.customers.activity(env, customerId));
    const rendered = options.pageRevalidated === true && (activity?.pages.length ?? 0) <= 1;
    // Whatever else is cached about the customer (a merge preview) is stale: refetched when shown.
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.detail(env, customerId), ...(rendered ? { refetchType: "none" as const } : {}) });
    // The lists are not on screen: marked stale, they are fetched again when shown.
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env), refetchType: "none" });
  };
}
