// The Renewals view's filters, kept in the URL like the Pending view's (lib/customers/pending-list-url.ts):
// one set of nuqs parsers for the server page and the client filters, so a link reproduces the
// view. A hand-edited wrong value reads as its default.
import { createLoader, createSerializer, parseAsNumberLiteral, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";

/** The same windows as listRenewals (lib/billing/contracts/list-renewals.ts, server-only). */
export const RENEWAL_WINDOWS = [30, 60, 90] as const;
export type RenewalWindow = (typeof RENEWAL_WINDOWS)[number];

export const renewalsParsers = {
  /** Contracts ending within this many days. */
  within: parseAsNumberLiteral(RENEWAL_WINDOWS).withDefault(30),
  /** Only contracts that renew, or only those that end; absent: both. */
  end: parseAsStringLiteral(["renew", "end"] as const),
  /** `me` or a staff user id; absent: everyone's. */
  owner: parseAsString,
};

export type RenewalsState = inferParserType<typeof renewalsParsers>;

export const loadRenewalsUrl = createLoader(renewalsParsers);

const serialize = createSerializer(renewalsParsers);

export const RENEWALS_PATH = "/customers/renewals";

/** The page's address for a state (defaults left out). */
export function renewalsHref(state: Partial<RenewalsState>): string {
  return serialize(RENEWALS_PATH, { within: state.within === 30 ? null : (state.within ?? null), end: state.end ?? null, owner: state.owner || null });
}
