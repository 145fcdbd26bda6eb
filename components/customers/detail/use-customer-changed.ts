"use client";
// After a mutation of one customer: the server components re-render through the action's
// revalidatePath; what React Query holds about the customer (activity, lists) is refetched here.
import { useQueryClient } from "@tanstack/react-query";
import type { Env } from "@/lib/generated/prisma";
import { queryKeys } from "@/lib/query-keys";

export function useCustomerChanged(env: Env, customerId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.customers.detail(env, customerId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env) }),
    ]);
  };
}
