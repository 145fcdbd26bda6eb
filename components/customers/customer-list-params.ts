// The customers page's view state, kept in the URL so that a link reproduces the view: the same
// parsers serve the server page (createLoader) and the client table (useQueryStates).
import { parseAsBoolean, parseAsInteger, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const CUSTOMER_PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_CUSTOMER_PAGE_SIZE = 25;
export const CUSTOMER_SORTS = ["newest", "oldest"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export const customerListParsers = {
  /** Search: part of the id, name or email, any case. */
  q: parseAsString.withDefault(""),
  /** A plan id: customers with that plan active or scheduled. */
  plan: parseAsString,
  /** Only customers created without an id (awaiting their first sign-in). */
  pending: parseAsBoolean.withDefault(false),
  sort: parseAsStringLiteral(CUSTOMER_SORTS).withDefault("newest"),
  size: parseAsInteger.withDefault(DEFAULT_CUSTOMER_PAGE_SIZE),
  /** Where the page starts (opaque keyset cursor); absent on the first page. */
  cursor: parseAsString,
  /** The page number, for "Showing 26–50" only: the cursor decides what is shown. */
  page: parseAsInteger.withDefault(1),
};

export type CustomerListState = {
  q: string;
  plan: string | null;
  pending: boolean;
  sort: CustomerSort;
  size: number;
  cursor: string | null;
  page: number;
};

/** What a list request depends on: the React Query key and the GET route's parameters. */
export type CustomerListQuery = {
  search: string;
  plan: string | null;
  pendingOnly: boolean;
  sort: CustomerSort;
  pageSize: number;
  cursor: string | null;
};

export function clampPageSize(size: number): number {
  return (CUSTOMER_PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_CUSTOMER_PAGE_SIZE;
}

export function toCustomerListQuery(state: Pick<CustomerListState, "q" | "plan" | "pending" | "sort" | "size" | "cursor">): CustomerListQuery {
  return {
    search: state.q.trim(),
    plan: state.plan || null,
    pendingOnly: state.pending,
    sort: state.sort,
    pageSize: clampPageSize(state.size),
    cursor: state.cursor || null,
  };
}

/** The GET route's query string for a list request. */
export function customerListSearchParams(query: CustomerListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.plan) params.set("plan", query.plan);
  if (query.pendingOnly) params.set("pending", "true");
  if (query.sort !== "newest") params.set("sort", query.sort);
  params.set("size", String(query.pageSize));
  if (query.cursor) params.set("cursor", query.cursor);
  return params;
}
