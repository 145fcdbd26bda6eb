// The Pending view's state, kept in the URL as the customers list keeps its own
// (customer-list-url.ts): one set of nuqs parsers for the server page and the client filters, so a
// link reproduces the view. A hand-edited wrong value reads as its default.
import { createLoader, createSerializer, parseAsInteger, parseAsNumberLiteral, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { PENDING_AGES, PENDING_SORTS, type PendingListInput } from "./follow-up-schemas";

export const pendingListParsers = {
  /** `me`, `none`, or a staff user id; absent: everyone's. */
  owner: parseAsString,
  /** Only customers waiting at least this many days. */
  age: parseAsNumberLiteral(PENDING_AGES).withDefault(0),
  sort: parseAsStringLiteral(PENDING_SORTS).withDefault("age"),
  dir: parseAsStringLiteral(["asc", "desc"] as const).withDefault("desc"),
  page: parseAsInteger.withDefault(1),
};

export type PendingListState = inferParserType<typeof pendingListParsers>;

export const loadPendingListUrl = createLoader(pendingListParsers);

const serialize = createSerializer(pendingListParsers);

export const PENDING_PATH = "/customers/pending";

/** The page's address for a state (defaults left out). */
export function pendingListHref(state: Partial<PendingListState>): string {
  return serialize(PENDING_PATH, {
    owner: state.owner ?? null,
    age: state.age || null,
    sort: state.sort === "age" ? null : (state.sort ?? null),
    dir: state.dir === "desc" ? null : (state.dir ?? null),
    page: state.page && state.page > 1 ? state.page : null,
  });
}

export function toPendingListInput(state: PendingListState): PendingListInput {
  return { owner: state.owner || null, min_age_days: state.age, sort: state.sort, dir: state.dir, page: Math.max(1, state.page) };
}
