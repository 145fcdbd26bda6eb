import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { getCustomerRecord } from "@/lib/customers/get-customer-record";
import { listCustomerPlans } from "@/lib/plans/list-customer-plans";
import { listPlans } from "@/lib/plans/list-plans";
import { getCustomerBalances } from "@/lib/balances/get-customer-balances";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { listCustomerEntities } from "@/lib/entities/list-customer-entities";
import { getCustomerOwner, listOwnerOptions } from "@/lib/customers/customer-owner";
import { listCustomerInvitations } from "@/lib/customers/invitations";
import { stripeModeFor } from "@/lib/environment/stripe-mode";
import { queryKeys } from "@/lib/query-keys";
import { CustomerPage } from "@/components/customers/detail/customer-page";
import { CUSTOMER_ACTIVITY_PAGE_SIZE, toCustomerDetailView, toCustomerPlanRows, toPlanChoices } from "@/components/customers/detail/to-detail-views";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Customer ${decodeURIComponent((await params).id)}` };
}

/**
 * Server-rendered: the customer, its plans, balances and the plan catalog; the activity timeline
 * is prefetched for React Query (it pages with "Show older"). Mutations are server actions that
 * revalidate this path.
 */
export default async function CustomerDetailPage({ params }: Params) {
  const ctx = await requireStaffPage();
  const ref = decodeURIComponent((await params).id);
  const customer = await getCustomerRecord(ctx, { customer_id: ref }).catch((error: unknown) => {
    if (isDomainError(error) && (error.code === "customer_not_found" || error.code === "invalid_inputs")) notFound();
    throw error;
  });
  // One address per customer (its internal id never changes, unlike its id): links stay valid.
  if (ref !== customer.id) redirect(`/customers/${customer.id}`);

  const queryClient = new QueryClient();
  const [balances, plans, catalog, entities, owner, ownerOptions, invitations] = await Promise.all([
    getCustomerBalances(ctx, { customerId: customer.id }),
    listCustomerPlans(ctx, { customerId: customer.id }),
    listPlans(ctx),
    listCustomerEntities(ctx, { customerId: customer.id }),
    getCustomerOwner(ctx, customer.id),
    listOwnerOptions(ctx),
    listCustomerInvitations(ctx, customer.id),
    queryClient.prefetchInfiniteQuery({
      queryKey: queryKeys.customers.activity(ctx.env, customer.id),
      queryFn: () => listAuditEvents(ctx, { customer: customer.id, limit: CUSTOMER_ACTIVITY_PAGE_SIZE }),
      initialPageParam: null as string | null,
    }),
  ]);

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CustomerPage
        customer={toCustomerDetailView(customer, stripeModeFor(ctx.env) !== null)}
        plans={toCustomerPlanRows(plans)}
        choices={toPlanChoices(catalog)}
        balances={balances}
        entities={entities}
        canAdjust={roleCan(ctx.actor.role, "balances:write")}
        followUp={{ owner, ownerOptions, invitations, canWrite: roleCan(ctx.actor.role, "customers:write") }}
      />
    </HydrationBoundary>
  );
}
