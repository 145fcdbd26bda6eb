// One list request, from the URL's view state to the browser's JSON: used by the GET route (React
// Query) and by the page's server-side prefetch, so both produce exactly the same data.
import "server-only";
import type { Ctx } from "@/lib/context";
import { assertInputShape } from "@/lib/security/input-limits";
import { searchCustomers } from "@/lib/customers/search-customers";
import { toCustomerListPage, type CustomerListPage } from "./customer-list-page";
import type { CustomerListQuery } from "./customer-list-url";

export async function loadCustomerList(ctx: Ctx, query: CustomerListQuery): Promise<CustomerListPage> {
  // The query comes from a URL anyone can edit: text the database cannot take is refused by name.
  assertInputShape(query);
  const result = await searchCustomers(ctx, {
    search: query.search || undefined,
    plan: query.plan ?? undefined,
    pendingOnly: query.pendingOnly,
    cursor: query.cursor ?? undefined,
    pageSize: query.pageSize,
    order: query.sort === "oldest" ? "asc" : "desc",
  });
  return toCustomerListPage(result);
}
