// How a plan is billed, in the words the dashboard and the portal both use ("By invoice · net 30",
// "Billed elsewhere"), and which badges it wears. Pure: it runs in the browser too.
import { DEFAULT_DAYS_UNTIL_DUE, renewsHere } from "@/lib/billing/lifecycle/billing-options";

/** A customer plan's billing columns as the pages read them (JSON-safe: ISO dates). */
export type PlanBilling = {
  mode: string | null;
  state: string;
  daysUntilDue: number | null;
  autoFinalize: boolean | null;
  activateOnPayment: boolean;
  onContractEnd: string | null;
  reminderDays: number | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: string | null;
};

export type BillingBadge = { label: string; tone: "danger" | "warning" | "info" | "neutral" };

function modeText(billing: PlanBilling): string {
  switch (billing.mode) {
    case null:
      return "Not billed";
    case "invoice": {
      const days = billing.daysUntilDue ?? DEFAULT_DAYS_UNTIL_DUE;
      const terms = days === 0 ? "due on receipt" : `net ${days}`;
      return `By invoice · ${terms}${billing.autoFinalize === false ? " · drafts reviewed first" : ""}`;
    }
    case "card":
      return billing.state === "awaiting_payment" ? "By card · awaiting payment" : "By card";
    case "checkout":
      return "By card (Checkout)";
    case "elsewhere":
      return "Billed elsewhere";
    default:
      return billing.mode;
  }
}

/** The state worth a badge: what staff (or the customer) must notice. Active and none need none. */
function stateBadges(billing: PlanBilling): BillingBadge[] {
  const badges: BillingBadge[] = [];
  if (billing.state === "past_due") badges.push({ label: "Past due", tone: "danger" });
  // "By card · awaiting payment" already says it in the text.
  if (billing.state === "awaiting_payment" && billing.mode !== "card") badges.push({ label: "Awaiting payment", tone: "warning" });
  if (billing.state === "waiting") badges.push({ label: "Billing not started", tone: "info" });
  if (billing.state === "starting") badges.push({ label: "Starting billing", tone: "info" });
  if (billing.state === "ended") badges.push({ label: "Billing ended", tone: "neutral" });
  if (billing.cancelAtPeriodEnd) badges.push({ label: "Cancels at period end", tone: "warning" });
  return badges;
}

export function billingSummary(billing: PlanBilling): { text: string; badges: BillingBadge[] } {
  return { text: modeText(billing), badges: stateBadges(billing) };
}

/**
 * When the plan's term ends or renews, or null when there is nothing to say ("Renews …" only where
 * something renews: never for a plan billed elsewhere, a contract that ends, or a canceled one).
 */
export function termText(billing: PlanBilling, endsAt: string | null, formatDate: (iso: string) => string): string | null {
  if (endsAt) {
    if (billing.cancelAtPeriodEnd) return `Ends ${formatDate(endsAt)}`;
    return billing.onContractEnd === "renew" ? `Contract renews ${formatDate(endsAt)}` : `Contract ends ${formatDate(endsAt)}`;
  }
  if (!billing.currentPeriodEnd) return null;
  if (billing.cancelAtPeriodEnd) return `Ends ${formatDate(billing.currentPeriodEnd)}`;
  if (!renewsHere({ billingMode: billing.mode, endsAt: null, onContractEnd: billing.onContractEnd })) return null;
  return `Renews ${formatDate(billing.currentPeriodEnd)}`;
}
