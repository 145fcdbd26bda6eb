// The customers list's view state, kept in the URL so that a link reproduces the view. One set of
// parsers reads it everywhere: the server page (loadCustomerListUrl), the client table
// (useQueryStates) and the table's GET route, which takes the same query string as the page
// (customerListRoutePath writes it).
import { invalidInputs } from "@/lib/errors";
import { createLoader, createSerializer, type inferParserType, parseAsBoolean, parseAsInteger, parseAsNumberLiteral, parseAsString, parseAsStringLiteral } from "nuqs/server";

export const CUSTOMER_PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_CUSTOMER_PAGE_SIZE = 25;
export const CUSTOMER_SORTS = ["newest", "oldest"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type CustomerPageSize = (typeof CUSTOMER_PAGE_SIZES)[number];

export const customerListParsers = {
  /** Search: part of the id, name or email, any case. */
  q: parseAsString.withDefault(""),
  /** A plan id: customers with that plan active or scheduled. */
  plan: parseAsString,
  /** Only customers created without an id (awaiting their first sign-in). */
  pending: parseAsBoolean.withDefault(false),
  sort: parseAsStringLiteral(CUSTOMER_SORTS).withDefault("newest"),
  /** One of the offered sizes: another one reads as the default on a page, and is refused by the route. */
  size: parseAsNumberLiteral(CUSTOMER_PAGE_SIZES).withDefault(DEFAULT_CUSTOMER_PAGE_SIZE),
  /** Where the page starts (opaque keyset cursor); absent on the first page. */
  cursor: parseAsString,
  /** The page number, for "Showing 26–50" only: the cursor decides what is shown. */
  page: parseAsInteger.withDefault(1),
};

export type CustomerListState = inferParserType<typeof customerListParsers>;

/** What a list request depends on: the React Query key and the loader's input. */
export type CustomerListQuery = {
  search: string;
  plan: string | null;
  pendingOnly: boolean;
  sort: CustomerSort;
  pageSize: number;
  cursor: string | null;
};

/**
 * The view state from a URL's query string. A page forgives a hand-edited link (a wrong value
 * reads as its default); the GET route passes `{ strict: true }`, so a wrong value throws.
 */
export const loadCustomerListUrl = createLoader(customerListParsers);

const serializeCustomerList = createSerializer(customerListParsers);

/** A size picked in the table, as one of the offered sizes. */
export function toCustomerPageSize(size: number): CustomerPageSize {
  return CUSTOMER_PAGE_SIZES.find((offered) => offered === size) ?? DEFAULT_CUSTOMER_PAGE_SIZE;
}

export function toCustomerListQuery(state: Pick<CustomerListState, "q" | "plan" | "pending" | "sort" | "size" | "cursor">): CustomerListQuery {
  return {
    search: state.q.trim(),
    plan: state.plan || null,
    pendingOnly: state.pending,
    sort: state.sort,
    pageSize: state.size,
    cursor: state.cursor || null,
  };
}

/** The GET route's address for a list request: the page's own parameters (defaults left out). */
export function customerListRoutePath(query: CustomerListQuery): string {
  return serializeCustomerList("/api/dashboard/customers", {
    q: query.search || null,
    plan: query.plan,
    pending: query.pendingOnly || null,
    sort: query.sort,
    size: toCustomerPageSize(query.pageSize),
    cursor: query.cursor,
  });
}

/**
 * The GET route's query string (the page's own parameters), read strictly: a page forgives a
 * hand-edited link, the route refuses a wrong value (400) rather than answer something else.
 */
export function customerListQueryFromRoute(params: URLSearchParams): CustomerListQuery {
  const wrong = Object.keys(customerListParsers).find((key) => !readsStrictly(key, params.get(key)));
  if (wrong) throw invalidInputs(wrong, "is not a value the customer list understands");
  return toCustomerListQuery(loadCustomerListUrl(params));
}

function readsStrictly(key: string, value: string | null): boolean {
  if (value === null) return true;
  try {
    loadCustomerListUrl(new URLSearchParams([[key, value]]), { strict: true });
    return true;
  } catch {
    return false;
  }
}
