// The Renewals view: contracts (plans with an end date) ending within the next 30, 60 or 90 days,
// soonest first, with what happens at the end (renew or end), how they are billed and whether the
// owner was reminded. Staff only; one environment.
import "server-only";
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import type { PlanPrice } from "@/lib/plans/plan-view";

export const RENEWAL_WINDOWS = [30, 60, 90] as const;

export const listRenewalsInput = z.object({
  withinDays: z.union([z.literal(30), z.literal(60), z.literal(90)]).default(30),
  /** Only the customers this staff member owns. */
  ownerId: z.string().trim().min(1).optional(),
  /** Only contracts that renew (`renew`) or end (`end`). */
  onEnd: z.enum(["renew", "end"]).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});
export type ListRenewalsInput = z.input<typeof listRenewalsInput>;

export type RenewalRow = {
  customerPlanId: string;
  customerId: string;
  customerExternalId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  owner: { id: string; email: string } | null;
  planId: string;
  planName: string;
  price: PlanPrice | null;
  termStartsAt: Date;
  endsAt: Date;
  daysLeft: number;
  /** `renew` or `end` (a plan with an end date and no choice recorded ends). */
  onEnd: "renew" | "end";
  billingMode: string | null;
  billingState: string;
  reminderDays: number | null;
  remindedAt: Date | null;
};

const DAY_MS = 24 * 60 * 60_000;

export async function listRenewals(ctx: Ctx, input: ListRenewalsInput = {}, options: { now?: Date } = {}): Promise<RenewalRow[]> {
  authorize(ctx, "customers:read");
  const { withinDays, ownerId, onEnd, limit } = listRenewalsInput.parse(input);
  const now = options.now ?? new Date();
  const rows = await db().customerPlan.findMany({
    where: {
      env: ctx.env,
      status: { in: ["active", "scheduled"] },
      endsAt: { gt: now, lte: new Date(now.getTime() + withinDays * DAY_MS) },
      ...(onEnd === "renew" ? { onContractEnd: "renew" } : onEnd === "end" ? { OR: [{ onContractEnd: "end" }, { onContractEnd: null }] } : {}),
      ...(ownerId ? { customer: { ownerId } } : {}),
    },
    include: {
      plan: { select: { planId: true, name: true } },
      planVersion: true,
      customer: { select: { id: true, externalId: true, name: true, email: true, owner: { select: { id: true, email: true } } } },
    },
    orderBy: [{ endsAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map((cp) => ({
    customerPlanId: cp.id,
    customerId: cp.customer.id,
    customerExternalId: cp.customer.externalId,
    customerName: cp.customer.name,
    customerEmail: cp.customer.email,
    owner: cp.customer.owner?.email ? { id: cp.customer.owner.id, email: cp.customer.owner.email } : null,
    planId: cp.plan.planId,
    planName: cp.plan.name,
    price: effectivePrice(cp, cp.planVersion),
    termStartsAt: cp.termStartsAt ?? cp.startsAt,
    endsAt: cp.endsAt!,
    daysLeft: Math.ceil((cp.endsAt!.getTime() - now.getTime()) / DAY_MS),
    onEnd: cp.onContractEnd === "renew" ? "renew" : "end",
    billingMode: cp.billingMode,
    billingState: cp.billingState,
    reminderDays: cp.renewalReminderDays,
    remindedAt: cp.renewalRemindedAt,
  }));
}
