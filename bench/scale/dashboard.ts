// What the Customers pages ask of the server, scenario by scenario: the domain functions the pages
// call (in this process, on their own Prisma pool) and the HTTP request a browser sends for the
// same view (the GET route the table pages and searches with, or the page document itself).
// This file is the one place the benchmark knows the dashboard's function names and URLs.
import type { StaffCtx } from "../../lib/auth/session";
import type { ScaleSeed } from "./seed";
import { SCALE_TERMS } from "./seed";

export type Scenario = {
  id: string;
  label: string;
  /** The domain call(s) the page or route makes for this view. */
  domain: () => Promise<unknown>;
  /** What the browser requests (path and query). */
  http: string;
  /** The request is the page document (HTML), not the table's JSON route. */
  document?: boolean;
};

export async function dashboardScenarios(ctx: StaffCtx, seed: ScaleSeed, page1000Cursor: string): Promise<Scenario[]> {
  const { searchCustomers } = await import("../../lib/customers/search-customers");
  const { listPlans } = await import("../../lib/plans/list-plans");
  const { getCustomerRecord } = await import("../../lib/customers/get-customer-record");
  const { getCustomerBalances } = await import("../../lib/balances/get-customer-balances");
  const { listCustomerPlans } = await import("../../lib/plans/list-customer-plans");
  const { listAuditEvents } = await import("../../lib/audit/list-audit-events");

  const route = (params: Record<string, string>) => `/api/dashboard/customers?${new URLSearchParams({ ...params, size: "25" })}`;
  const search = (input: Parameters<typeof searchCustomers>[1]) => () => searchCustomers(ctx, { pageSize: 25, ...input });
  const detailId = seed.detailCustomer.internalId;

  return [
    {
      id: "first_page",
      label: "first page (table route)",
      domain: search({}),
      http: route({}),
    },
    {
      id: "first_page_document",
      label: "first page (Customers page document)",
      // The page renders the first table page and the plan list for the filter.
      domain: () => Promise.all([listPlans(ctx, { includeArchived: true }), searchCustomers(ctx, { pageSize: 25 })]),
      http: "/customers",
      document: true,
    },
    { id: "page_1000", label: "page 1,000 (keyset cursor)", domain: search({ cursor: page1000Cursor }), http: route({ cursor: page1000Cursor }) },
    { id: "search_rare", label: `search "${SCALE_TERMS.rare}" (${seed.counts.rare} rows)`, domain: search({ search: SCALE_TERMS.rare }), http: route({ q: SCALE_TERMS.rare }) },
    {
      id: "search_1pct",
      label: `search "${SCALE_TERMS.onePercent}" (${seed.counts.one_percent} rows)`,
      domain: search({ search: SCALE_TERMS.onePercent }),
      http: route({ q: SCALE_TERMS.onePercent }),
    },
    { id: "search_most", label: `search "${SCALE_TERMS.most}" (${seed.counts.most} rows)`, domain: search({ search: SCALE_TERMS.most }), http: route({ q: SCALE_TERMS.most }) },
    { id: "id_prefix", label: `search id prefix "${seed.idPrefix}" (${seed.counts.id_prefix} rows)`, domain: search({ search: seed.idPrefix }), http: route({ q: seed.idPrefix }) },
    { id: "plan_filter", label: "filter plan = pro", domain: search({ plan: "pro" }), http: route({ plan: "pro" }) },
    { id: "pending_only", label: "pending only", domain: search({ pendingOnly: true }), http: route({ pending: "true" }) },
    {
      id: "detail",
      label: `customer page (${seed.detailCustomer.usageEvents.toLocaleString("en")} usage events, ${seed.detailCustomer.usageRollupHours.toLocaleString("en")} hourly rollups)`,
      // As the page does: the record, then balances (with 30 days of usage, read from the hourly
      // rollups the seed computed), plans, the catalog and the first activity page together.
      domain: async () => {
        const customer = await getCustomerRecord(ctx, { customer_id: detailId });
        return Promise.all([
          getCustomerBalances(ctx, { customerId: customer.id }),
          listCustomerPlans(ctx, { customerId: customer.id }),
          listPlans(ctx),
          listAuditEvents(ctx, { customer: customer.id, limit: 20 }),
        ]);
      },
      http: `/customers/${detailId}`,
      document: true,
    },
  ];
}

/** The cursor the table route returns after `rowsBefore` rows, in the product's own format. */
export async function keysetCursorAfter(row: { createdAt: Date; id: string }): Promise<string> {
  const { encodeCursor } = await import("../../lib/customers/customer-list-query");
  return encodeCursor(row);
}
