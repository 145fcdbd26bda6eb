// A contract ending soon as the Renewals page shows it (JSON-safe), from listRenewals' rows, with
// where the owner's reminder stands.
import type { RenewalRow } from "@/lib/billing/contracts/list-renewals";

export type ReminderStatus = { kind: "sent"; at: string } | { kind: "scheduled"; at: string } | { kind: "due" } | { kind: "off" };

export type RenewalViewRow = {
  customerPlanId: string;
  customer: { id: string; label: string; email: string | null; pending: boolean };
  plan: { id: string; name: string };
  endsAt: string;
  daysLeft: number;
  onEnd: "renew" | "end";
  billingMode: string | null;
  owner: { id: string; label: string } | null;
  reminder: ReminderStatus;
};

const DAY = 86_400_000;

/** Sent (this term), scheduled for a date, due (the maintenance run sends it next), or off (0 / none). */
export function reminderStatus(endsAt: Date, reminderDays: number | null, remindedAt: Date | null, now: Date): ReminderStatus {
  if (remindedAt) return { kind: "sent", at: remindedAt.toISOString() };
  if (!reminderDays) return { kind: "off" };
  const at = new Date(endsAt.getTime() - reminderDays * DAY);
  return at.getTime() <= now.getTime() ? { kind: "due" } : { kind: "scheduled", at: at.toISOString() };
}

/** `ownerLabels`: staff names by user id (listOwnerOptions); the owner's email otherwise. */
export function toRenewalViewRow(row: RenewalRow, now: Date, ownerLabels: ReadonlyMap<string, string> = new Map()): RenewalViewRow {
  return {
    customerPlanId: row.customerPlanId,
    customer: {
      id: row.customerId,
      label: row.customerName || row.customerEmail || row.customerExternalId || row.customerId,
      email: row.customerEmail,
      pending: row.customerExternalId === null,
    },
    plan: { id: row.planId, name: row.planName },
    endsAt: row.endsAt.toISOString(),
    daysLeft: Math.max(0, row.daysLeft),
    onEnd: row.onEnd,
    billingMode: row.billingMode,
    owner: row.owner ? { id: row.owner.id, label: ownerLabels.get(row.owner.id) ?? row.owner.email } : null,
    reminder: reminderStatus(row.endsAt, row.reminderDays, row.remindedAt, now),
  };
}
