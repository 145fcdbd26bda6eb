// What the portal shows the signed-in end customer: their plans, their balances and the features
// they have. The customer is found from the portal context (the session user) and nothing else,
// so no URL or request can point this at another customer.
import "server-only";
import { customerMaySelfServe } from "@/lib/billing/changes/plan-change-rules";
import type { Customer } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import type { ApiPlanPrice } from "@/lib/entitlements/types";
import { ensurePortalCustomer } from "./ensure-portal-customer";
import { storedSignInsVerifyEmail } from "./email-verification";
import { findPortalUserCustomer } from "@/lib/customers/customer-queries";
import { PLAN_BILLING_SELECT, toPlanBilling } from "@/lib/billing/views/customer-billing";
import { readCustomerInvoices, type InvoiceView } from "@/lib/billing/views/invoice-view";
import type { PlanBilling } from "@/lib/billing/views/plan-billing-summary";
import { describeError } from "./describe-error";
import type { PortalCtx } from "./portal-ctx";

export type PortalPlan = {
  /** The customer plan's id (a React key; never used to address anything). */
  key: string;
  planId: string;
  name: string;
  status: "active" | "scheduled";
  addOn: boolean;
  /** One-off purchase rather than a subscription. */
  oneOff: boolean;
  /** What this customer pays (the negotiated price when there is one); null = free. */
  price: ApiPlanPrice | null;
  /** A negotiated price or per-feature terms apply to this customer only. */
  custom: boolean;
  startedAt: number;
  /** End of the current billing period, when the plan is billed. */
  renewsAt: number | null;
  expiresAt: number | null;
  /** How the plan is billed (null for a one-off purchase). */
  billing: PlanBilling | null;
  /** A card-billed plan waiting for the customer's payment: the portal shows "Pay now". */
  payable: boolean;
  /** The customer may cancel it here (self-serve cancel on, a paid recurring plan, not already canceling). */
  cancelable: boolean;
};

export type PortalBalance = {
  featureId: string;
  name: string;
  /** single_use resets on a schedule; continuous_use (seats...) does not. */
  type: "single_use" | "continuous_use";
  granted: number;
  usage: number;
  remaining: number;
  unlimited: boolean;
  overageAllowed: boolean;
  nextResetAt: number | null;
};

export type PortalFeature = { featureId: string; name: string; expiresAt: number | null };

export type PortalAccount = {
  customer: { name: string | null; email: string | null };
  /** Staff may turn it off (contract customers): the portal then says to contact them. */
  selfServeCancel: boolean;
  /** Finalized invoices (drafts are staff's to review), newest first. */
  invoices: InvoiceView[];
  plans: PortalPlan[];
  balances: PortalBalance[];
  features: PortalFeature[];
};

export type PortalVisit = { account: PortalAccount | null; setupFailed: boolean };

/**
 * A portal visit: first completes the sign-in hook's work if it did not finish (same idempotent
 * function; a failure is logged and the page says the account is being set up), then reads.
 */
export async function visitPortal(ctx: PortalCtx, input: { name?: string | null; invitationToken?: string | null } = {}, options: { now?: Date } = {}): Promise<PortalVisit> {
  let setupFailed = false;
  try {
    await ensurePortalCustomer(ctx, {
      name: input.name,
      emailVerified: () => storedSignInsVerifyEmail(ctx.actor.userId, ctx.emailNormalized),
      invitationToken: input.invitationToken,
    });
  } catch (error) {
    setupFailed = true;
    console.error(`[portal] could not set up the customer of user ${ctx.actor.userId} on a portal visit; the next visit retries: ${describeError(error)}`);
  }
  return { account: await getPortalAccount(ctx, options), setupFailed };
}

/** The signed-in user's account, or null when no customer is tied to them (yet). */
export async function getPortalAccount(ctx: PortalCtx, options: { now?: Date } = {}): Promise<PortalAccount | null> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return null;
  return readAccount(ctx, customer, options.now ?? new Date());
}

async function readAccount(ctx: PortalCtx, customer: Customer, now: Date): Promise<PortalAccount> {
  const entitlements = (await loadCustomerEntitlements(db(), ctx.env, [customer.id], now)).get(customer.id)!;
  const planIds = [...new Set([...entitlements.subscriptions.map((s) => s.plan_id), ...entitlements.purchases.map((p) => p.plan_id)])];
  const featureIds = [...Object.keys(entitlements.balances), ...Object.keys(entitlements.flags)];
  const [plans, features, billingRows, invoices] = await Promise.all([
    db().plan.findMany({ where: { env: ctx.env, planId: { in: planIds } }, select: { planId: true, name: true } }),
    db().feature.findMany({ where: { env: ctx.env, featureId: { in: featureIds } }, select: { featureId: true, name: true, type: true } }),
    db().customerPlan.findMany({ where: { env: ctx.env, customerId: customer.id, id: { in: entitlements.subscriptions.map((s) => s.id) } }, select: PLAN_BILLING_SELECT }),
    readCustomerInvoices(ctx.env, customer.id, { includeDrafts: false, now }),
  ]);
  const billingOf = new Map(billingRows.map((row) => [row.id, toPlanBilling(row)]));
  const planName = new Map(plans.map((plan) => [plan.planId, plan.name]));
  const feature = new Map(features.map((f) => [f.featureId, f]));

  const subscriptions: PortalPlan[] = entitlements.subscriptions.map((s) => {
    const billing = billingOf.get(s.id) ?? null;
    return {
      key: s.id,
      planId: s.plan_id,
      name: planName.get(s.plan_id) ?? s.plan_id,
      status: s.status,
      addOn: s.add_on,
      oneOff: false,
      price: s.price,
      custom: s.custom,
      startedAt: s.started_at,
      renewsAt: s.current_period_end,
      expiresAt: s.expires_at,
      billing,
      payable: billing !== null && billing.mode === "card" && (billing.state === "awaiting_payment" || billing.state === "past_due"),
      cancelable: customerMaySelfServe(customer) && s.status === "active" && (s.price?.amount ?? 0) > 0 && !billing?.cancelAtPeriodEnd,
    };
  });
  const purchases: PortalPlan[] = entitlements.purchases.map((p, index) => ({
    key: `purchase-${p.plan_id}-${index}`,
    planId: p.plan_id,
    name: planName.get(p.plan_id) ?? p.plan_id,
    status: p.started_at > now.getTime() ? "scheduled" : "active",
    addOn: false,
    oneOff: true,
    price: p.price,
    custom: p.custom,
    startedAt: p.started_at,
    renewsAt: null,
    expiresAt: p.expires_at,
    billing: null,
    payable: false,
    cancelable: false,
  }));

  const balances: PortalBalance[] = Object.values(entitlements.balances)
    .map((b) => ({
      featureId: b.feature_id,
      name: feature.get(b.feature_id)?.name ?? b.feature_id,
      type: feature.get(b.feature_id)?.type === "continuous_use" ? ("continuous_use" as const) : ("single_use" as const),
      granted: b.granted,
      usage: b.usage,
      remaining: b.remaining,
      unlimited: b.unlimited,
      overageAllowed: b.overage_allowed,
      nextResetAt: b.next_reset_at,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const flags: PortalFeature[] = Object.values(entitlements.flags)
    .map((f) => ({ featureId: f.feature_id, name: feature.get(f.feature_id)?.name ?? f.feature_id, expiresAt: f.expires_at }))
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    customer: { name: customer.name, email: customer.email },
    selfServeCancel: customerMaySelfServe(customer),
    invoices,
    // Active first (main plans before add-ons), then what is scheduled to start.
    plans: [...subscriptions, ...purchases].sort(
      (a, b) => Number(a.status === "scheduled") - Number(b.status === "scheduled") || Number(a.addOn) - Number(b.addOn) || a.startedAt - b.startedAt,
    ),
    balances,
    features: flags,
  };
}
