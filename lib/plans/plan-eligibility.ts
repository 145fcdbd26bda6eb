// What a plan would mean for one customer, as a pricing table shows it (Autumn's
// `customer_eligibility`): the plan they have (active or scheduled, canceling, trialing), or what
// attaching it would do (activate, upgrade, downgrade within its group, purchase an add-on or a
// one-off), and whether its free trial is still open to them (a trial is for a first enablement).
import type { CustomerPlan, Plan, PlanVersion } from "@/lib/generated/prisma";
import { versionPrice, type PlanPrice, type PlanView } from "./plan-view";

export type AttachAction = "activate" | "upgrade" | "downgrade" | "none" | "purchase";

export type PlanEligibility = {
  status?: "active" | "scheduled";
  canceling?: boolean;
  trialing?: boolean;
  trialAvailable?: boolean;
  attachAction: AttachAction;
};

/**
 * What the decision reads of a customer's plan: a Prisma row with its plan and version fits, and
 * so do plans.list's plain rows (list-plans.ts reads only these columns).
 */
export type EligibilityCustomerPlan = Pick<CustomerPlan, "planPk" | "status" | "canceledAt" | "endsAt" | "trialEndsAt" | "customPriceAmount" | "customCurrency"> & {
  plan: Pick<Plan, "isAddOn" | "group">;
  planVersion: Pick<PlanVersion, "priceAmount" | "currency" | "priceInterval">;
};

const MONTHS: Record<PlanPrice["interval"], number | null> = { one_off: null, month: 1, quarter: 3, year: 12 };

/** Minor units per month, for comparing plans billed on different intervals; 0 when free. */
function monthlyAmount(price: PlanPrice | null): number {
  if (!price) return 0;
  const months = MONTHS[price.interval];
  return months === null ? price.amount : price.amount / months;
}

/** The price a customer pays for one of their plans: the negotiated one, else their version's. */
function paidPrice(cp: EligibilityCustomerPlan): PlanPrice | null {
  const version = versionPrice(cp.planVersion);
  if (cp.customPriceAmount === null) return version;
  return { amount: cp.customPriceAmount, currency: cp.customCurrency ?? version?.currency ?? "usd", interval: version?.interval ?? "month" };
}

export function planEligibility(plan: PlanView, customerPlans: EligibilityCustomerPlan[], now: Date): PlanEligibility {
  const own = customerPlans.filter((cp) => cp.planPk === plan.pk);
  const trialAvailable = plan.freeTrial ? { trialAvailable: own.length === 0 } : {};
  const current = own.find((cp) => cp.status === "active") ?? own.find((cp) => cp.status === "scheduled");
  if (current) {
    return {
      status: current.status === "active" ? "active" : "scheduled",
      canceling: current.canceledAt !== null || current.endsAt !== null,
      trialing: current.trialEndsAt !== null && current.trialEndsAt.getTime() > now.getTime(),
      ...trialAvailable,
      attachAction: "none",
    };
  }
  if (plan.isAddOn || plan.price?.interval === "one_off") return { ...trialAvailable, attachAction: "purchase" };
  // Plans of one group replace each other; a plan without a group replaces nothing.
  const peer = plan.group === null ? undefined : customerPlans.find((cp) => cp.status === "active" && !cp.plan.isAddOn && cp.plan.group === plan.group);
  if (!peer) return { ...trialAvailable, attachAction: "activate" };
  return { ...trialAvailable, attachAction: monthlyAmount(plan.price) >= monthlyAmount(paidPrice(peer)) ? "upgrade" : "downgrade" };
}
