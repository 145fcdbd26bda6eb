// What happens to a contract (a plan with ends_at and on_contract_end) when a plan switch
// (billing.update, billing.attach or multi_attach without ends_at) replaces it with another plan
// of its group: the contract carries over. The switch amends the deal, it does not end it: the
// incoming plan keeps the contract's own end and what happens there (renew or end), its reminder
// settings and its current term, so maintenance renews or ends it on the same date
// (run-contracts.ts) and a contract that ends keeps its Stripe subscription's cancel_at at that
// date (apply-plan-change.ts passes it to the subscription with the switch). Decided once, in
// planAttach (plan-attach.ts), for every caller and its preview. An attach with its own ends_at
// sells a new term instead: on a Stripe subscription it is a contract that ends there, as
// invoice_mode makes one (newTermContract), so Stripe stops at cancel_at.
// Pure (no server-only): decided from the customer plan row.

type ContractRow = {
  startsAt: Date;
  endsAt: Date | null;
  onContractEnd: string | null;
  cancelAtPeriodEnd: boolean;
  contractEndsAt: Date | null;
  renewalReminderDays: number | null;
  renewalRemindedAt: Date | null;
  termStartsAt: Date | null;
};

export type CarriedContract = {
  /** The contract's own end: not a cancellation's earlier end (that is kept apart in contract_ends_at). */
  endsAt: Date;
  onContractEnd: string;
  renewalReminderDays: number | null;
  renewalRemindedAt: Date | null;
  termStartsAt: Date;
};

/** The contract a switch of `cp` carries to the incoming plan; null when `cp` is not a contract. */
export function carriedContract(cp: ContractRow): CarriedContract | null {
  if (cp.onContractEnd === null) return null;
  const endsAt = cp.cancelAtPeriodEnd ? cp.contractEndsAt : cp.endsAt;
  if (!endsAt) return null;
  return {
    endsAt,
    onContractEnd: cp.onContractEnd,
    renewalReminderDays: cp.renewalReminderDays,
    renewalRemindedAt: cp.renewalRemindedAt,
    // The term's start decides the next term's length (contract-term.ts): the plan's start when no renewal moved it.
    termStartsAt: cp.termStartsAt ?? cp.startsAt,
  };
}

/**
 * The contract an attach's own ends_at makes of a plan billed through a Stripe subscription (a
 * switch on the customer's subscription): it ends there, with the owner reminded as invoice_mode's
 * contracts are (billing-options.ts's defaults), its term from when the plan starts.
 */
export function newTermContract(endsAt: Date, startsAt: Date, reminderDays: number): CarriedContract {
  return { endsAt, onContractEnd: "end", renewalReminderDays: reminderDays, renewalRemindedAt: null, termStartsAt: startsAt };
}
