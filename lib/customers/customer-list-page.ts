// The customer list as it travels to the browser (dates as ISO strings), built the same way by
// the GET route and by the page's server-side prefetch, so hydrated and fetched data match.
import type { CustomerTableRow } from "@/lib/customers/search-customers";

export type CustomerListRow = Omit<CustomerTableRow, "createdAt" | "claimedAt"> & { createdAt: string; claimedAt: string | null };
export type CustomerListPage = { rows: CustomerListRow[]; nextCursor: string | null };

export function toCustomerListPage(result: { rows: CustomerTableRow[]; nextCursor: string | null }): CustomerListPage {
  return {
    rows: result.rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), claimedAt: row.claimedAt ? row.claimedAt.toISOString() : null })),
    nextCursor: result.nextCursor,
  };
}
