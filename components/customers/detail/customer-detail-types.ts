// What the customer page hands its client components: plain, JSON-safe values (ISO dates).
import type { ActorKind, CustomerPlanStatus, Env } from "@/lib/generated/prisma";
import type { PlanBilling } from "@/lib/billing/views/plan-billing-summary";

export type ActorRef = { kind: ActorKind; label: string | null };

export type CustomerDetailView = {
  /** `cus_…`: what the page and every action address the customer by. */
  internalId: string;
  /** The application's id; null while pending. */
  id: string | null;
  pending: boolean;
  name: string | null;
  email: string | null;
  env: Env;
  stripeId: string | null;
  /** Where to see the Stripe customer: Stripe's dashboard, or the local emulator's state page. */
  stripeUrl: string | null;
  /** Whether Stripe is configured for this environment (else there is nothing to create or link). */
  stripeEnabled: boolean;
  metadata: Record<string, unknown>;
  createdAt: string;
  createdBy: ActorRef;
  /** When a pending customer was matched (by sign-in or the API) and by whom. */
  claimedAt: string | null;
  claimedBy: ActorRef | null;
};

export type MoneyView = { amount: number; currency: string; interval: "one_off" | "month" | "quarter" | "year" | null };

export type CustomerPlanRow = {
  /** The customer plan's id (`cpl_…`), what cancel and remove take. */
  id: string;
  planId: string;
  planName: string;
  version: number;
  addOn: boolean;
  status: CustomerPlanStatus;
  /** What this customer pays: the negotiated price, else the plan's. null = free. */
  price: MoneyView | null;
  /** The plan's own price, shown next to a negotiated one. */
  planPrice: MoneyView | null;
  customPrice: boolean;
  /** Per-feature overrides for this customer, e.g. { seats: { included: 50 } }. */
  overrides: Record<string, { included?: number; unlimited?: boolean; resetInterval?: string }> | null;
  note: string | null;
  startsAt: string;
  /** Scheduled until its first payment: the page says "Starts once paid", not a date. */
  waitsForPayment: boolean;
  endsAt: string | null;
  canceledAt: string | null;
  enabledBy: ActorRef;
  enabledAt: string;
  /** How the plan is billed and where billing stands (null: not read, e.g. in a test). */
  billing: PlanBilling | null;
};

export type PlanChoice = {
  id: string;
  name: string;
  addOn: boolean;
  price: MoneyView | null;
  items: { featureId: string; featureName: string; featureType: "boolean" | "single_use" | "continuous_use"; included: number; unlimited: boolean; resetInterval: string }[];
};
