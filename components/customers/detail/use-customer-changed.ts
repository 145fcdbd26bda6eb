"use client";
// After a mutation of one customer: the server components re-render through the action's
// revalidatePath (in the action's own response); what React Query holds about the customer
// (activity, lists) is refetched here, in the background: the dialog closes on the action's answer
// instead of waiting for a second round trip.
import { useQueryClient } from "@tanstack/react-query";
import type { Env } from "@/lib/generated/prisma";
import { queryKeys } from "@/lib/query-keys";

export function useCustomerChanged(env: Env, customerId: string): () => void {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.detail(env, customerId) });
    // The lists are not on screen: marked stale, they are fetched again when shown.
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env), refetchType: "none" });
  };
}
