// What the customer page shows about billing: how each of the customer's plans is billed, its
// invoices, and whether the customer may cancel plans in the portal.
import "server-only";
import type { CustomerPlan, Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { knownCustomerById, type KnownCustomerArg } from "@/lib/customers/customer-queries";
import type { PlanBilling } from "./plan-billing-summary";
import { readCustomerInvoices, type InvoiceView } from "./invoice-view";

export type CustomerBillingView = {
  selfServeCancel: boolean;
  /** By customer plan id (`cpl_…`). */
  plans: Record<string, PlanBilling>;
  invoices: InvoiceView[];
};

export function toPlanBilling(cp: Pick<CustomerPlan, "billingMode" | "billingState" | "invoiceDaysUntilDue" | "invoiceAutoFinalize" | "activateOnPayment" | "onContractEnd" | "renewalReminderDays" | "cancelAtPeriodEnd" | "currentPeriodEnd">): PlanBilling {
  return {
    mode: cp.billingMode,
    state: cp.billingState,
    daysUntilDue: cp.invoiceDaysUntilDue,
    autoFinalize: cp.invoiceAutoFinalize,
    activateOnPayment: cp.activateOnPayment,
    onContractEnd: cp.onContractEnd,
    reminderDays: cp.renewalReminderDays,
    cancelAtPeriodEnd: cp.cancelAtPeriodEnd,
    currentPeriodEnd: cp.currentPeriodEnd ? cp.currentPeriodEnd.toISOString() : null,
  };
}

export const PLAN_BILLING_SELECT = {
  id: true,
  billingMode: true,
  billingState: true,
  invoiceDaysUntilDue: true,
  invoiceAutoFinalize: true,
  activateOnPayment: true,
  onContractEnd: true,
  renewalReminderDays: true,
  cancelAtPeriodEnd: true,
  currentPeriodEnd: true,
} as const;

/**
 * `customerId` is the internal id (`cus_…`), as the customer page addresses it. `known`, `plans`:
 * the customer and all its plan rows as the page already read them (not read again).
 */
export async function getCustomerBillingView(
  ctx: Ctx,
  customerId: string,
  options: { now?: Date; known?: KnownCustomerArg; plans?: CustomerPlan[] | Promise<CustomerPlan[]> } = {},
): Promise<CustomerBillingView> {
  authorize(ctx, "customers:read");
  const customer =
    (await knownCustomerById(ctx.env, customerId, options.known)) ??
    (await db().customer.findFirst({ where: { id: customerId, env: ctx.env }, select: { id: true, selfServeCancel: true } }));
  if (!customer) throw customerNotFound(customerId);
  const [plans, invoices] = await Promise.all([
    customerPlansOf(ctx.env, customer.id, options.plans),
    readCustomerInvoices(ctx.env, customer.id, { now: options.now }),
  ]);
  return { selfServeCancel: customer.selfServeCancel, plans: Object.fromEntries(plans.map((cp) => [cp.id, toPlanBilling(cp)])), invoices };
}

/** The customer's plans (billing fields): the rows the caller read when they are this customer's, else read. */
async function customerPlansOf(env: Env, customerId: string, given?: CustomerPlan[] | Promise<CustomerPlan[]>): Promise<Pick<CustomerPlan, keyof typeof PLAN_BILLING_SELECT>[]> {
  const rows = await given;
  if (rows && rows.every((cp) => cp.customerId === customerId && cp.env === env)) return rows;
  return db().customerPlan.findMany({ where: { env, customerId }, select: PLAN_BILLING_SELECT });
}
