// The Renewals view's filter, kept in the URL like the Pending view's (lib/customers/pending-list-url.ts):
// one nuqs parser for the server page and the client filter, so a link reproduces the view. A
// hand-edited wrong value reads as the default.
import { createLoader, createSerializer, parseAsNumberLiteral, type inferParserType } from "nuqs/server";

export const RENEWAL_WINDOWS = [30, 60, 90] as const;
export type RenewalWindow = (typeof RENEWAL_WINDOWS)[number];

export const renewalsParsers = {
  /** Contracts ending within this many days. */
  within: parseAsNumberLiteral(RENEWAL_WINDOWS).withDefault(30),
};

export type RenewalsState = inferParserType<typeof renewalsParsers>;

export const loadRenewalsUrl = createLoader(renewalsParsers);

const serialize = createSerializer(renewalsParsers);

export const RENEWALS_PATH = "/customers/renewals";

export function renewalsHref(state: Partial<RenewalsState>): string {
  return serialize(RENEWALS_PATH, { within: state.within === 30 ? null : (state.within ?? null) });
}
