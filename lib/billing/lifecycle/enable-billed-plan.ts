// Enabling a plan for a customer, with how it is billed: the ONE write behind the dashboard's
// enable-plan action and the API's attach with invoice_mode. The plans area enables the plan (it
// never calls Stripe); billing then records how the plan is billed and, when billing can start
// now, queues the outbox job that creates the Stripe subscription after the commit
// (lib/billing/lifecycle/start-billing.ts), so a Stripe outage never loses the change.
//
// Where billing stands afterwards (customer_plans.billing_state):
//   free plan, or billed elsewhere        → none (nothing in Stripe; no Stripe needed at all)
//   invoice, pending customer              → waiting: starts at the claim (customer.claimed)
//   invoice, contract starting later       → waiting: starts at the start date (maintenance)
//   invoice, otherwise                     → starting (+ the job) → awaiting_payment / active
//   card                                   → awaiting_payment: the portal's pay button (Checkout)
// `activate: on_payment` keeps the plan's features waiting for the first payment (awaiting-payment.ts).
import "server-only";
import type { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { lockCustomerRowForGrantChange } from "@/lib/customers/customer-queries";
import { enablePlanSchema, type EnablePlanOptions } from "@/lib/plans/schemas";
import { loadPlan } from "@/lib/plans/load-plan";
import { enablePlanInTx, type EnabledPlan } from "@/lib/plans/enable-plan";
import { billingOptionsSchema, type BillingOptions, type BillingOptionsInput, type BillingState } from "./billing-options";
import { AWAITING_PAYMENT_STARTS_AT } from "./awaiting-payment";
import { queueBillingStart } from "./billing-jobs";
import { stripeConfigured } from "../stripe-client";

export type EnableBilledPlanArgs = {
  /** The customer's internal id (`cus_…`), pending customers included. */
  customerId: string;
  /** The plan's API id (`enterprise`). */
  planId: string;
  /** As the plans area takes them: startsAt, endsAt, customPriceAmount, customCurrency, overrides, note. */
  options: EnablePlanOptions;
  /** How a paid plan is billed; ignored (and optional) for a free plan. Absent for a paid plan: billed elsewhere. */
  billing?: BillingOptionsInput | null;
  /**
   * What the API's attach sold beyond the price (billing.attach's planning decided it): units, a
   * free trial, discounts as discounts.ts stores them. Kept on the customer plan, where the outbox
   * job that creates the Stripe subscription reads them (start-billing.ts), so they survive a retry.
   */
  terms?: BilledPlanTerms;
};

export type BilledPlanTerms = { quantity?: number; trialEndsAt?: Date | null; discounts?: Prisma.InputJsonValue | null };

export const BILLING_AUDIT = { configured: "customer_plan.billing_configured" } as const;

export async function enableBilledPlan(ctx: Ctx, args: EnableBilledPlanArgs, opts: { now?: Date } = {}): Promise<EnabledPlan> {
  authorize(ctx, "customers:write");
  const now = opts.now ?? new Date();
  return db().$transaction(async (tx) => enableBilledPlanInTx(tx, ctx, args, now), { maxWait: 15_000, timeout: 30_000 });
}

/**
 * Several paid plans billed by invoice on ONE Stripe subscription (billing.multi_attach): each is
 * enabled as enableBilledPlan does it, all in one transaction, and the plans whose billing can
 * start now get one outbox job between them (one subscription, one item per plan, one invoice).
 * Two or more invoiced plans attached together are marked as one group (billed_with_id = the first
 * of them, on each): when their billing waits (a pending customer until the claim, a future
 * starts_at until that date), start-due-billing.ts starts the group's due members on one job too.
 */
export async function enableBilledPlans(ctx: Ctx, list: EnableBilledPlanArgs[], opts: { now?: Date } = {}): Promise<EnabledPlan[]> {
  authorize(ctx, "customers:write");
  const now = opts.now ?? new Date();
  return db().$transaction(
    async (tx) => {
      const enabled: EnabledPlan[] = [];
      const starting: string[] = [];
      for (const args of list) {
        const one = await enableBilledPlanInTx(tx, ctx, args, now, { queue: false });
        enabled.push(one);
        if (one.customerPlan.billingState === "starting") starting.push(one.customerPlan.id);
      }
      if (starting.length > 0) await queueBillingStart(tx, ctx.env, starting[0]!, starting);
      // The group: the plans this attach bills by invoice (a plan already active as asked is not
      // re-enabled, a free one bills nothing). The first of them leads (its subscription's metadata).
      const invoiced = enabled.filter((one) => one.changed && one.customerPlan.billingMode === "invoice").map((one) => one.customerPlan.id);
      if (invoiced.length > 1) {
        await tx.customerPlan.updateMany({ where: { id: { in: invoiced } }, data: { billedWithId: invoiced[0]! } });
        for (const one of enabled) if (invoiced.includes(one.customerPlan.id)) one.customerPlan = { ...one.customerPlan, billedWithId: invoiced[0]! };
      }
      return enabled;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}

/** enableBilledPlan inside the caller's transaction; `queue: false` marks the plan starting and leaves the job to the caller. */
async function enableBilledPlanInTx(tx: Tx, ctx: Ctx, args: EnableBilledPlanArgs, now: Date, opts: { queue?: boolean } = {}): Promise<EnabledPlan> {
  // The same validation as the plans area's own enabling (dates, price, overrides), then the billing.
  const options = enablePlanSchema.parse({ ...args.options, customerId: args.customerId, planId: args.planId });
  const billing = args.billing ? parseBilling(args.billing) : null;
  const plan = await loadPlan(tx, ctx.env, options.planId);
  // The customer row, locked as enabling locks it first (one statement for both).
  const customer = await lockCustomerRowForGrantChange(tx, ctx.env, options.customerId);
  if (!customer) throw customerNotFound(options.customerId);
  const amount = options.customPriceAmount ?? plan.price?.amount ?? 0;
  if (amount <= 0) return enablePlanInTx(tx, ctx, { customerId: customer.id, plan, options, now, lockedCustomer: customer });

  const chosen: BillingOptions = billing ?? billingOptionsSchema.parse({ mode: "elsewhere" });
  // Without Stripe for this environment the plan would sit in "Starting billing" for ever.
  if ((chosen.mode === "invoice" || chosen.mode === "card") && !stripeConfigured(ctx.env)) {
    throw invalidInputs("billing.mode", `Stripe is not configured for the ${ctx.env} environment: bill this plan elsewhere, or configure Stripe first`);
  }
  if (chosen.mode === "invoice" && plan.price?.interval === "one_off") {
    throw invalidInputs("billing.mode", "a one-off price cannot be billed by an invoice subscription; bill it by card or elsewhere");
  }
  const startsAt = options.startsAt ?? now;
  const onPayment = chosen.mode !== "elsewhere" && chosen.activate === "on_payment";
  if (onPayment && options.endsAt && options.endsAt.getTime() <= Math.max(now.getTime(), startsAt.getTime())) {
    throw invalidInputs("endsAt", "must be in the future and after the start date");
  }
  // Waiting for payment: scheduled at the placeholder start, so nothing activates it before the payment.
  const enabled = await enablePlanInTx(tx, ctx, {
    customerId: customer.id,
    plan,
    options: onPayment ? { ...options, startsAt: AWAITING_PAYMENT_STARTS_AT, endsAt: null } : options,
    now,
    lockedCustomer: customer,
  });
  if (!enabled.changed) return enabled;

  const pending = customer.externalId === null;
  const state: BillingState =
    chosen.mode === "elsewhere" ? "none" : chosen.mode === "card" ? "awaiting_payment" : pending || startsAt.getTime() > now.getTime() ? "waiting" : "starting";
  const contract = options.endsAt != null;
  const columns = {
    billingMode: chosen.mode,
    billingState: state === "starting" ? "waiting" : state, // queueBillingStart moves it to starting with its job
    invoiceDaysUntilDue: chosen.mode === "invoice" ? chosen.days_until_due : null,
    invoiceAutoFinalize: chosen.mode === "invoice" ? chosen.auto_finalize : null,
    activateOnPayment: onPayment,
    onContractEnd: contract ? chosen.on_end : null,
    renewalReminderDays: contract ? chosen.reminder_days : null,
    termStartsAt: startsAt,
    ...(onPayment ? { endsAt: options.endsAt ?? null } : {}),
    ...termColumns(args.terms),
  } satisfies Prisma.CustomerPlanUpdateInput;
  let customerPlan = await tx.customerPlan.update({ where: { id: enabled.customerPlan.id }, data: columns });
  if (state === "starting") {
    if (opts.queue === false) await tx.customerPlan.update({ where: { id: enabled.customerPlan.id }, data: { billingState: "starting" } });
    else await queueBillingStart(tx, ctx.env, enabled.customerPlan.id);
    customerPlan = await tx.customerPlan.findUniqueOrThrow({ where: { id: enabled.customerPlan.id } });
  }
  await recordAuditEvent(tx, ctx, {
    action: BILLING_AUDIT.configured,
    targetType: "customer_plan",
    targetId: customerPlan.id,
    customerId: customer.id,
    target: { planId: plan.id },
    after: {
      billing_mode: customerPlan.billingMode,
      billing_state: customerPlan.billingState,
      days_until_due: customerPlan.invoiceDaysUntilDue,
      auto_finalize: customerPlan.invoiceAutoFinalize,
      activate_on_payment: customerPlan.activateOnPayment,
      on_contract_end: customerPlan.onContractEnd,
      renewal_reminder_days: customerPlan.renewalReminderDays,
    },
  });
  return { ...enabled, customerPlan };
}

function termColumns(terms: BilledPlanTerms | undefined): Prisma.CustomerPlanUpdateInput {
  if (!terms) return {};
  return {
    ...(terms.quantity !== undefined && terms.quantity !== 1 ? { quantity: terms.quantity } : {}),
    ...(terms.trialEndsAt ? { trialEndsAt: terms.trialEndsAt } : {}),
    ...(terms.discounts ? { discounts: terms.discounts } : {}),
  };
}

/** The billing options, with their errors under `billing.` (one stable invalid_inputs answer). */
function parseBilling(input: BillingOptionsInput): BillingOptions {
  const parsed = billingOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidInputs(["billing", ...issue.path.map(String)].join("."), issue.message);
}
