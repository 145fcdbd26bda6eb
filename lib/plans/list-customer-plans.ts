// A customer's plans as the dashboard lists them: current and past, with the price this customer
// pays (negotiated or the plan's), its overrides, dates, note and who enabled it.
import "server-only";
import { z } from "zod";
import type { ActorKind, CustomerPlan, CustomerPlanStatus, Plan, PlanVersion } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { customerIdExists, type KnownCustomerArg } from "@/lib/customers/customer-queries";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { applyDueChanges, findDueCustomers, nothingDue } from "./apply-due-changes";
import { effectivePrice } from "./customer-plan-lifecycle";
import { versionPrice, type PlanPrice } from "./plan-view";
import type { PlanItemOverride } from "./schemas";
import { displayStartsAt, isAwaitingPaymentStart } from "@/lib/billing/lifecycle/awaiting-payment-start";

export const listCustomerPlansInput = z.object({ customerId: z.string().trim().min(1, "is required") });

export type CustomerPlanView = {
  id: string;
  planId: string;
  planName: string;
  version: number;
  isAddOn: boolean;
  status: CustomerPlanStatus;
  /** What this customer pays: the negotiated price, else the plan version's. null = free. */
  price: PlanPrice | null;
  /** The plan version's own price. */
  planPrice: PlanPrice | null;
  customPrice: boolean;
  overrides: Record<string, PlanItemOverride> | null;
  note: string | null;
  /** Shown as the start: for a plan waiting for its first payment, not its 9999 placeholder. */
  startsAt: Date;
  /** Scheduled only until its first payment: "Starts once paid". */
  waitsForPayment: boolean;
  endsAt: Date | null;
  canceledAt: Date | null;
  enabledBy: { kind: ActorKind; label: string | null };
  createdAt: Date;
};

const STATUS_ORDER: Record<CustomerPlanStatus, number> = { active: 0, scheduled: 1, canceled: 2, expired: 2, replaced: 2 };

/**
 * Active first, then scheduled, then history (newest first). Due starts and ends are applied first.
 * `known`: the customer as the customer page already read it (not looked up again).
 */
export async function listCustomerPlans(
  ctx: Ctx,
  input: z.input<typeof listCustomerPlansInput>,
  options: { now?: Date; known?: KnownCustomerArg } = {},
): Promise<CustomerPlanView[]> {
  authorize(ctx, "customers:read");
  return (await loadCustomerPlans(ctx, input, options)).views;
}

/** Every customer plan row of the customer (newest first), with its plan and version: what listCustomerPlans lists. */
export type CustomerPlanRow = CustomerPlan & { plan: Plan; planVersion: PlanVersion };

/**
 * As listCustomerPlans, with the rows it lists: the customer page's billing view and next invoice
 * are computed from the same rows (getCustomerBillingView, previewNextInvoice: `plans`) instead
 * of reading the customer's plans twice more.
 */
export async function loadCustomerPlans(
  ctx: Ctx,
  input: z.input<typeof listCustomerPlansInput>,
  options: { now?: Date; known?: KnownCustomerArg } = {},
): Promise<{ views: CustomerPlanView[]; rows: CustomerPlanRow[] }> {
  authorize(ctx, "customers:read");
  const { customerId } = listCustomerPlansInput.parse(input);
  const now = options.now ?? new Date();
  // Both at once: an unknown customer has nothing due, and is refused as before.
  const [exists, due] = await Promise.all([customerIdExists(db(), ctx.env, customerId, options.known), findDueCustomers(db(), ctx.env, [customerId], now)]);
  if (!exists) throw customerNotFound(customerId);
  if (!nothingDue(due)) await applyDueChanges(ctx.env, [customerId], now, due);

  const rows = await db().customerPlan.findMany({
    where: { env: ctx.env, customerId },
    include: { plan: true, planVersion: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const views = rows
    .map((cp) => ({
      id: cp.id,
      planId: cp.plan.planId,
      planName: cp.plan.name,
      version: cp.planVersion.version,
      isAddOn: cp.plan.isAddOn,
      status: cp.status,
      price: effectivePrice(cp, cp.planVersion),
      planPrice: versionPrice(cp.planVersion),
      customPrice: cp.customPriceAmount !== null,
      overrides: (cp.overrides as Record<string, PlanItemOverride> | null) ?? null,
      note: cp.note,
      startsAt: displayStartsAt(cp),
      waitsForPayment: cp.status === "scheduled" && isAwaitingPaymentStart(cp.startsAt),
      endsAt: cp.endsAt,
      canceledAt: cp.canceledAt,
      enabledBy: { kind: cp.enabledByKind, label: cp.enabledByLabel },
      createdAt: cp.createdAt,
    }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return { views, rows };
}
