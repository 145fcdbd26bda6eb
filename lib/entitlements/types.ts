// The entitlement parts of the API's customer object (see ../shared/notes/api-contract.md).
// Times are milliseconds since the epoch, as the SDK expects.

export type ApiSubscription = {
  id: string;
  plan_id: string;
  auto_enable: boolean;
  add_on: boolean;
  status: "active" | "scheduled";
  past_due: boolean;
  canceled_at: number | null;
  expires_at: number | null;
  trial_ends_at: number | null;
  started_at: number;
  current_period_start: number | null;
  current_period_end: number | null;
  quantity: number;
  /** Equinox extension (the SDK ignores it): the price this customer pays, negotiated or the plan's. */
  price: ApiPlanPrice | null;
  /** Equinox extension: true when a negotiated price or per-feature overrides apply to this customer only. */
  custom: boolean;
};

export type ApiPlanPrice = { amount: number; currency: string; interval: "one_off" | "month" | "quarter" | "year" | null };

export type ApiPurchase = {
  plan_id: string;
  expires_at: number | null;
  started_at: number;
  quantity: number;
  /** Equinox extensions, as on subscriptions. */
  price: ApiPlanPrice | null;
  custom: boolean;
};

/** One source of a balance (one grant: what one enabled plan granted for the feature). */
export type ApiBalanceBreakdown = {
  id: string;
  plan_id: string | null;
  included_grant: number;
  prepaid_grant: number;
  remaining: number;
  usage: number;
  unlimited: boolean;
  reset: { interval: "day" | "week" | "month" | "quarter" | "year"; resets_at: number | null } | null;
  price: null;
  expires_at: number | null;
};

export type ApiBalance = {
  feature_id: string;
  granted: number;
  remaining: number;
  usage: number;
  unlimited: boolean;
  overage_allowed: boolean;
  max_purchase: number | null;
  next_reset_at: number | null;
  /** Per-source detail, as Autumn's `breakdown` (present on the customer object). */
  breakdown?: ApiBalanceBreakdown[];
};

export type ApiFlag = { id: string; plan_id: string | null; expires_at: number | null; feature_id: string };

export type CustomerEntitlements = {
  subscriptions: ApiSubscription[];
  purchases: ApiPurchase[];
  balances: Record<string, ApiBalance>;
  flags: Record<string, ApiFlag>;
};

export const emptyEntitlements = (): CustomerEntitlements => ({ subscriptions: [], purchases: [], balances: {}, flags: {} });
