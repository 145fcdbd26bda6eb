import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { requireStaffPage } from "@/lib/auth/session";
import { roleCan } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { loadCustomerPage } from "@/lib/customers/customer-page";
import { stripeModeFor } from "@/lib/environment/stripe-mode";
import { queryKeys } from "@/lib/query-keys";
import { CustomerPage } from "@/components/customers/detail/customer-page";
import { toCustomerDetailView, toCustomerPlanRows, toNextInvoiceView, toPlanChoices } from "@/components/customers/detail/to-detail-views";

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
  // the same time as the record, for that id, instead of after it (loadCustomerPage); it is used
  // only if the reference is that customer's internal id.
  const { record, data } = await loadCustomerPage(ctx, ref);
  const customer = await record.catch((error: unknown) => {
    if (isDomainError(error) && (error.code === "customer_not_found" || error.code === "invalid_inputs")) notFound();
    throw error;
  });
  // One address per customer (its internal id never changes, unlike its id): links stay valid.
  if (ref !== customer.id) redirect(`/customers/${customer.id}`);

  const { balances, plans, catalog, entities, owner, ownerOptions, invitations, billing, nextInvoice, activity } = await data;
  // The activity timeline pages with "Show older" (React Query): its first page is already read
  // (when it could not be, the timeline reads it itself).
  const queryClient = new QueryClient();
  if (activity) {
    await queryClient.prefetchInfiniteQuery({
      queryKey: queryKeys.customers.activity(ctx.env, ref),
      queryFn: () => activity,
      initialPageParam: null as string | null,
    });
  }

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
