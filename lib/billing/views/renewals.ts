// The Renewals view: contracts (plans with an end date) ending within 30, 60 or 90 days, with what
// happens at the end, the customer's owner and where the owner's reminder stands.
import "server-only";
import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { RENEWAL_WINDOWS } from "./renewals-url";

export const listRenewalsViewInput = z.object({
  withinDays: z.union(RENEWAL_WINDOWS.map((days) => z.literal(days)) as [z.ZodLiteral<30>, z.ZodLiteral<60>, z.ZodLiteral<90>]).default(30),
});

export type ReminderStatus = { kind: "sent"; at: string } | { kind: "scheduled"; at: string } | { kind: "due" } | { kind: "off" };

export type RenewalRow = {
  customerPlanId: string;
  customer: { id: string; label: string; email: string | null; pending: boolean };
  plan: { id: string; name: string };
  endsAt: string;
  daysLeft: number;
  /** Not chosen reads as "end": without a renewal the plan expires at its end date. */
  onEnd: "renew" | "end";
  billingMode: string | null;
  owner: { id: string; label: string } | null;
  reminder: ReminderStatus;
};

const DAY = 86_400_000;
const ownerLabel = (user: { name: string | null; email: string | null }) => user.name?.trim() || user.email || "Unnamed staff member";

function reminderStatus(endsAt: Date, days: number | null, sentAt: Date | null, now: Date): ReminderStatus {
  if (sentAt) return { kind: "sent", at: sentAt.toISOString() };
  if (!days) return { kind: "off" };
  const at = new Date(endsAt.getTime() - days * DAY);
  return at.getTime() <= now.getTime() ? { kind: "due" } : { kind: "scheduled", at: at.toISOString() };
}

/** Soonest end first. Canceled, expired and replaced plans are no longer contracts to renew. */
export async function listRenewalsView(ctx: Ctx, input: z.input<typeof listRenewalsViewInput> = {}, options: { now?: Date } = {}): Promise<RenewalRow[]> {
  authorize(ctx, "customers:read");
  const { withinDays } = listRenewalsViewInput.parse(input);
  const now = options.now ?? new Date();
  const rows = await db().customerPlan.findMany({
    where: { env: ctx.env, status: { in: ["active", "scheduled"] }, endsAt: { gte: now, lte: new Date(now.getTime() + withinDays * DAY) } },
    select: {
      id: true,
      endsAt: true,
      onContractEnd: true,
      billingMode: true,
      renewalReminderDays: true,
      renewalRemindedAt: true,
      plan: { select: { planId: true, name: true } },
      customer: { select: { id: true, externalId: true, name: true, email: true, owner: { select: { id: true, name: true, email: true } } } },
    },
    orderBy: [{ endsAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map((row) => {
    const endsAt = row.endsAt!;
    return {
      customerPlanId: row.id,
      customer: { id: row.customer.id, label: row.customer.name || row.customer.email || row.customer.externalId || row.customer.id, email: row.customer.email, pending: row.customer.externalId === null },
      plan: { id: row.plan.planId, name: row.plan.name },
      endsAt: endsAt.toISOString(),
      daysLeft: Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY)),
      onEnd: row.onContractEnd === "renew" ? "renew" : "end",
      billingMode: row.billingMode,
      owner: row.customer.owner ? { id: row.customer.owner.id, label: ownerLabel(row.customer.owner) } : null,
      reminder: reminderStatus(endsAt, row.renewalReminderDays, row.renewalRemindedAt, now),
    };
  });
}
