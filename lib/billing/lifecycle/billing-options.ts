// How a paid plan enabled by staff (or the API's attach with invoice_mode) is billed: THE base
// schema. The dashboard's enable-plan form and the API's attach derive from it; enableBilledPlan
// stores it on the customer plan (columns of migration 20261204010000_billing_lifecycle).
// Runs in the browser too (the form's resolver), so it imports no server code.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

/** How staff can choose to bill a plan (`checkout` is only ever the customer's own purchase). */
export const BILLING_MODES = ["invoice", "card", "elsewhere"] as const;
/** Every value of customer_plans.billing_mode (null = nothing to bill, a free plan). */
export const STORED_BILLING_MODES = ["checkout", "invoice", "card", "elsewhere"] as const;
/** Every value of customer_plans.billing_state (see the migration's comments). */
export const BILLING_STATES = ["none", "waiting", "starting", "awaiting_payment", "active", "past_due", "ended"] as const;
export const ACTIVATIONS = ["immediately", "on_payment"] as const;
export const CONTRACT_ENDS = ["renew", "end"] as const;

export type BillingMode = (typeof BILLING_MODES)[number];
export type StoredBillingMode = (typeof STORED_BILLING_MODES)[number];
export type BillingState = (typeof BILLING_STATES)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type ContractEnd = (typeof CONTRACT_ENDS)[number];

export const DEFAULT_DAYS_UNTIL_DUE = 30;
export const DEFAULT_REMINDER_DAYS = 30;

/**
 * How a paid plan is billed. One flat object (the form edits it as is); fields that do not apply to
 * the chosen mode are ignored: days_until_due / auto_finalize only for `invoice`; on_end /
 * reminder_days only when the plan has an end date (a contract).
 */
export const billingOptionsSchema = z
  .object({
    mode: z.enum(BILLING_MODES),
    /** Invoice: net terms, days between the invoice and its due date. */
    days_until_due: z.number().int("must be a whole number of days").min(0, "must not be negative").max(365, "must be at most 365").default(DEFAULT_DAYS_UNTIL_DUE),
    /** Invoice: true = Stripe finalises and sends each invoice; false = drafts are kept for review. */
    auto_finalize: z.boolean().default(true),
    /** The plan's features at once, or only once the first invoice / card payment is paid (Autumn's enable_plan_immediately=false). */
    activate: z.enum(ACTIVATIONS).default("immediately"),
    /** Contract (the plan has an end date): at the end, renew for another term of the same length, or end (the default plan applies). */
    on_end: z.enum(CONTRACT_ENDS).default("end"),
    /** Contract: the customer's owner is reminded this many days before the end date (0 = no reminder). */
    reminder_days: z.number().int("must be a whole number of days").min(0, "must not be negative").max(365, "must be at most 365").default(DEFAULT_REMINDER_DAYS),
  })
  .superRefine((input, ctx) => {
    if (input.mode === "elsewhere" && input.activate === "on_payment") {
      ctx.addIssue({ code: "custom", path: ["activate"], message: "a plan billed elsewhere has no payment here to wait for" });
    }
  });

export type BillingOptionsInput = z.input<typeof billingOptionsSchema>;
export type BillingOptions = z.output<typeof billingOptionsSchema>;

/**
 * Autumn's attach `invoice_mode` ({ enabled, finalize, net_terms_days, enable_plan_immediately })
 * as billing options; null when invoice mode is off (the attach then goes through Checkout).
 * `enablePlanImmediately` is the attach's top-level flag, which wins over invoice_mode's own.
 */
export function billingOptionsFromInvoiceMode(
  invoiceMode: { enabled: boolean; finalize?: boolean; net_terms_days?: number; enable_plan_immediately?: boolean } | undefined,
  enablePlanImmediately?: boolean,
): BillingOptionsInput | null {
  if (!invoiceMode?.enabled) return null;
  const immediately = enablePlanImmediately ?? invoiceMode.enable_plan_immediately ?? false;
  return {
    mode: "invoice",
    ...(invoiceMode.net_terms_days !== undefined ? { days_until_due: invoiceMode.net_terms_days } : {}),
    auto_finalize: invoiceMode.finalize ?? true,
    activate: immediately ? "immediately" : "on_payment",
  };
}

const MODE_LABELS: Record<StoredBillingMode, string> = {
  checkout: "Card (Checkout)",
  invoice: "By invoice",
  card: "By card",
  elsewhere: "Billed elsewhere",
};

const STATE_LABELS: Record<BillingState, string> = {
  none: "Not billed here",
  waiting: "Billing not started",
  starting: "Starting billing",
  awaiting_payment: "Awaiting payment",
  active: "Billing active",
  past_due: "Past due",
  ended: "Billing ended",
};

/** "By invoice", "Billed elsewhere"…; null mode (free plan) → "Free". */
export function billingModeLabel(mode: string | null | undefined): string {
  if (!mode) return "Free";
  return MODE_LABELS[mode as StoredBillingMode] ?? mode;
}

export function billingStateLabel(state: string): string {
  return STATE_LABELS[state as BillingState] ?? state;
}

/** "Net 30, sent by Stripe" / "Net 30, drafts reviewed first". */
export function invoiceTermsLabel(daysUntilDue: number | null | undefined, autoFinalize: boolean | null | undefined): string {
  const net = daysUntilDue === 0 ? "Due on receipt" : `Net ${daysUntilDue ?? DEFAULT_DAYS_UNTIL_DUE}`;
  return autoFinalize === false ? `${net}, drafts reviewed first` : `${net}, sent by Stripe`;
}

export function activationLabel(activate: Activation | boolean): string {
  const onPayment = activate === true || activate === "on_payment";
  return onPayment ? "Active once paid" : "Active at once";
}

export function contractEndLabel(onEnd: string | null | undefined): string {
  return onEnd === "renew" ? "Renews at the end date" : "Ends at the end date";
}

/**
 * Whether the plan renews by itself (and may say "Renews …"): only when Equinox or Stripe bills
 * it on and on. Billed elsewhere, or a contract that ends, never "renews" here.
 */
export function renewsHere(row: { billingMode: string | null; endsAt: Date | null; onContractEnd: string | null }): boolean {
  if (row.billingMode === "elsewhere") return false;
  if (row.endsAt && row.onContractEnd !== "renew") return false;
  return true;
}
