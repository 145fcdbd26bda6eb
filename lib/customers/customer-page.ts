// Everything the dashboard's customer page (app/(dashboard)/customers/[id]/page.tsx) reads, in one
// place so that its cost is measured (customer-page.db.test.ts counts its statements): the
// customer, its plans (with how each is billed), balances, entities, follow-up, invoices, next
// invoice, the plan catalog and the first page of its activity.
//
// The customer is read once (findCustomerByRef, one statement) and handed to every loader as
// `known`; before, each loader read it again or checked again that it exists (ten reads of the
// customers table per render). The customer's plans are read once for the three loaders that
// need them, the staff list once for two. Each loader still checks the caller's role itself.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { CUSTOMER_ACTIVITY_PAGE_SIZE } from "@/lib/audit/customer-activity-page-size";
import { getCustomerBalances } from "@/lib/balances/get-customer-balances";
import { previewNextInvoice } from "@/lib/billing/preview/preview-next-invoice";
import { getCustomerBillingView } from "@/lib/billing/views/customer-billing";
import { listCustomerEntities } from "@/lib/entities/list-customer-entities";
import { loadCustomerPlans, type listCustomerPlans } from "@/lib/plans/list-customer-plans";
import { listPlans } from "@/lib/plans/list-plans";
import type { KnownCustomer } from "./customer-queries";
import { getCustomerOwner, listOwnerOptions } from "./customer-owner";
import { getCustomerRecord } from "./get-customer-record";
import { listCustomerInvitations } from "./invitations";

export type CustomerPageData = {
  balances: Awaited<ReturnType<typeof getCustomerBalances>>;
  plans: Awaited<ReturnType<typeof listCustomerPlans>>;
  catalog: Awaited<ReturnType<typeof listPlans>>;
  entities: Awaited<ReturnType<typeof listCustomerEntities>>;
  owner: Awaited<ReturnType<typeof getCustomerOwner>>;
  ownerOptions: Awaited<ReturnType<typeof listOwnerOptions>>;
  invitations: Awaited<ReturnType<typeof listCustomerInvitations>>;
  billing: Awaited<ReturnType<typeof getCustomerBillingView>>;
  /** undefined: the preview could not be computed (the page then says nothing about it). */
  nextInvoice: Awaited<ReturnType<typeof previewNextInvoice>> | undefined;
  /** undefined: it could not be read (the timeline then reads it itself, as React Query's prefetch left it). */
  activity: Awaited<ReturnType<typeof listAuditEvents>> | undefined;
};

/**
 * `record`: the customer `ref` names (rejects as getCustomerRecord does). `data`: everything
 * else, read at the same time as the record for `ref` taken as an internal id (the page's
 * address), not after it: it is meaningful only when the record's id is `ref` (otherwise the page
 * redirects, and `data` and its errors are to be dropped; a rejection is handled here).
 */
export async function loadCustomerPage(ctx: Ctx, ref: string): Promise<{ record: Promise<Customer>; data: Promise<CustomerPageData> }> {
  authorize(ctx, "customers:read");
  const record = getCustomerRecord(ctx, { customer_id: ref });
  const known: Promise<KnownCustomer> = record.then((customer) => ({ env: ctx.env, ref, customer }));
  known.catch(() => undefined);
  // The customer's plans are read once, for the plan list, the billing view and the next invoice;
  // the staff list once, for the owner picker and the owner.
  const customerPlans = loadCustomerPlans(ctx, { customerId: ref }, { known });
  const plans = customerPlans.then((loaded) => loaded.rows);
  // A loader may fail before it reads this (an unknown customer): the failure is data's.
  plans.catch(() => undefined);
  const staff = listOwnerOptions(ctx);
  const data = Promise.all([
    getCustomerBalances(ctx, { customerId: ref }, { known }),
    customerPlans.then((loaded) => loaded.views),
    listPlans(ctx),
    listCustomerEntities(ctx, { customerId: ref }, { known }),
    getCustomerOwner(ctx, ref, { known, staff }),
    staff,
    listCustomerInvitations(ctx, ref, { known }),
    getCustomerBillingView(ctx, ref, { known, plans }),
    // A preview is a courtesy: if it cannot be computed, the page says nothing about it rather than failing.
    previewNextInvoice(ctx, ref, { known, plans }).catch((error: unknown) => {
      if (!isDomainError(error)) console.error(`[customer page] next invoice preview failed for ${ref}:`, error);
      return undefined;
    }),
    listAuditEvents(ctx, { customer: ref, limit: CUSTOMER_ACTIVITY_PAGE_SIZE }).catch(() => undefined),
  ]).then(([balances, plans, catalog, entities, owner, ownerOptions, invitations, billing, nextInvoice, activity]) => ({
    balances,
    plans,
    catalog,
    entities,
    owner,
    ownerOptions,
    invitations,
    billing,
    nextInvoice,
    activity,
  }));
  data.catch(() => undefined);
  return { record, data };
}
