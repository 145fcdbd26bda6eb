// When a cancellation at the period's end takes effect: the period's end, or the contract's own
// end when that comes first. One rule for the billing change (customer_plans.ends_at) and for the
// portal's cancel confirmation, so the date the customer is shown is the date that is written.
// Pure (no server-only): the portal's client components import it.

type Dateish = Date | string | number;

const time = (d: Dateish | null | undefined): number | null => (d === null || d === undefined ? null : new Date(d).getTime());

/** The earlier of the period's end and the contract's end; null when neither is known. */
export function effectiveCancelAt(periodEnd: Dateish | null | undefined, contractEnd: Dateish | null | undefined): Date | null {
  const ends = [time(periodEnd), time(contractEnd)].filter((t): t is number => t !== null && !Number.isNaN(t));
  return ends.length === 0 ? null : new Date(Math.min(...ends));
}

/**
 * A contract's own end: while the plan is not canceled, a contract's ends_at IS its end (a renewal
 * moves it); once canceled at the period's end, ends_at is the cancellation's and the contract's
 * end is kept apart in contract_ends_at, so taking the cancellation back (or a later switch) finds
 * it again. Recorded at the cancellation, so no enable or renewal path has to maintain the column.
 */
export const contractEndsAtOf = (cp: { cancelAtPeriodEnd: boolean; onContractEnd: string | null; endsAt: Date | null; contractEndsAt: Date | null }): Date | null =>
  !cp.cancelAtPeriodEnd && cp.onContractEnd !== null ? cp.endsAt : cp.contractEndsAt;
