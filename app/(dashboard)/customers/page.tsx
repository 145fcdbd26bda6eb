import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { listPlans } from "@/lib/plans/list-plans";
import { stripeModeFor } from "@/lib/environment/stripe-mode";
import { queryKeys } from "@/lib/query-keys";
import { CustomersView } from "@/components/customers/customers-view";
import { loadCustomerListUrl, toCustomerListQuery } from "@/lib/customers/customer-list-url";
import { loadCustomerList } from "@/lib/customers/load-customer-list";
import { countPendingCustomers, listRecentClaims } from "@/lib/customers/pending-customers";
import { RecentClaimsCard } from "@/components/customers/follow-up/recent-claims-card";

export const metadata: Metadata = { title: "Customers" };

/**
 * The first view is fetched here and handed to React Query (no loading flash, works as a plain
 * link); searching and paging then go through the GET route without re-rendering the page.
 */
export default async function CustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const query = toCustomerListQuery(await loadCustomerListUrl(searchParams));
  const queryClient = new QueryClient();
  const [plans, recentClaims, pendingCount] = await Promise.all([
    listPlans(ctx, { includeArchived: true }),
    listRecentClaims(ctx, { limit: 5 }),
    countPendingCustomers(ctx),
    // A failure here is not fatal: the table fetches again in the browser and says what went wrong.
    queryClient.prefetchQuery({ queryKey: queryKeys.customers.list(ctx.env, query), queryFn: () => loadCustomerList(ctx, query) }),
  ]);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CustomersView
        env={ctx.env}
        plans={plans.map((plan) => ({ id: plan.id, name: plan.name, archived: plan.archived }))}
        canCreate={roleCan(ctx.actor.role, "customers:write")}
        stripeEnabled={stripeModeFor(ctx.env) !== null}
      />
      <RecentClaimsCard claims={recentClaims} pendingCount={pendingCount} />
    </HydrationBoundary>
  );
}
