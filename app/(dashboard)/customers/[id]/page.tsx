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
import { getCustomerBillingView } from "@/lib/billing/views/customer-billing";
import { previewNextInvoice } from "@/lib/billing/preview/preview-next-invoice";
import { queryKeys } from "@/lib/query-keys";
import { CustomerPage } from "@/components/customers/detail/customer-page";
import { CUSTOMER_ACTIVITY_PAGE_SIZE, toCustomerDetailView, toCustomerPlanRows, toNextInvoiceView, toPlanChoices } from "@/components/customers/detail/to-detail-views";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Customer ${decodeURIComponent((await params).id)}` };
}

/**
 * Server-rendered: the customer, its plans (with how each is billed), balances, invoices and the
 * plan catalog; the activity timeline
 * is prefetched for React Query (it pages with "Show older"). Mutations are server actions that
 * revalidate this path.
 */
export default async function CustomerDetailPage({ params }: Params) {
  const ctx = await requireStaffPage();
  const ref = decodeURIComponent((await params).id);
  // The page is addressed by internal id (see the redirect below), so everything else is read at
  // the same time as the record, for that id, instead of after it. The answers are used only if
  // the reference is that customer's internal id; otherwise (an external id, which redirects, or
  // no customer) they are dropped, and so are their errors.
  const queryClient = new QueryClient();
  const rest = Promise.all([
    getCustomerBalances(ctx, { customerId: ref }),
    listCustomerPlans(ctx, { customerId: ref }),
    listPlans(ctx),
    listCustomerEntities(ctx, { customerId: ref }),
    getCustomerOwner(ctx, ref),
    listOwnerOptions(ctx),
    listCustomerInvitations(ctx, ref),
    getCustomerBillingView(ctx, ref),
    // A preview is a courtesy: if it cannot be computed, the page says nothing about it rather than failing.
    previewNextInvoice(ctx, ref).catch((error: unknown) => {
      if (!isDomainError(error)) console.error(`[customer page] next invoice preview failed for ${ref}:`, error);
      return undefined;
    }),
    queryClient.prefetchInfiniteQuery({
      queryKey: queryKeys.customers.activity(ctx.env, ref),
      queryFn: () => listAuditEvents(ctx, { customer: ref, limit: CUSTOMER_ACTIVITY_PAGE_SIZE }),
      initialPageParam: null as string | null,
    }),
  ]);
  rest.catch(() => undefined);
  const customer = await getCustomerRecord(ctx, { customer_id: ref }).catch((error: unknown) => {
    if (isDomainError(error) && (error.code === "customer_not_found" || error.code === "invalid_inputs")) notFound();
    throw error;
  });
  // One address per customer (its internal id never changes, unlike its id): links stay valid.
  if (ref !== customer.id) redirect(`/customers/${customer.id}`);

  const [balances, plans, catalog, entities, owner, ownerOptions, invitations, billing, nextInvoice] = await rest;

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CustomerPage
        customer={toCustomerDetailView(customer, stripeModeFor(ctx.env) !== null)}
        plans={toCustomerPlanRows(plans, billing.plans)}
        choices={toPlanChoices(catalog)}
        balances={balances}
        entities={entities}
        canAdjust={roleCan(ctx.actor.role, "balances:write")}
        billing={{ selfServeCancel: billing.selfServeCancel, invoices: billing.invoices, nextInvoice: toNextInvoiceView(nextInvoice) }}
        followUp={{ owner, ownerOptions, invitations, canWrite: roleCan(ctx.actor.role, "customers:write") }}
      />
    </HydrationBoundary>
  );
}
