import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { inviteStaffInput, type InviteStaffInput } from "./schemas";
import { assertAnotherAdminRemains } from "./last-admin";
import { toStaffMember, type StaffMember } from "./staff-member";

export type AddStaffResult = { member: StaffMember; outcome: "created" | "promoted" | "role_changed" | "unchanged" };

/**
 * Gives an email address a dashboard role: creates the user, or promotes an existing one (an end
 * customer who already signs in to the portal keeps their account). With `ifStaff: "error"` (the
 * Staff page) an address that is already staff is a conflict; with "update" (the command line)
 * its role is set, which is how a locked-out team recovers an admin.
 */
export async function addStaffMember(ctx: Ctx, input: InviteStaffInput, options: { ifStaff?: "error" | "update"; tx?: Tx } = {}): Promise<AddStaffResult> {
  authorize(ctx, "staff:manage");
  const parsed = inviteStaffInput.parse(input);
  const email = normalizeEmail(parsed.email)!;
  const run = async (tx: Tx): Promise<AddStaffResult> => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing?.role && options.ifStaff !== "update") {
      throw new DomainError("conflict", `${email} already has dashboard access (${existing.role})`, { field: "email", details: { userId: existing.id } });
    }
    if (existing?.role === parsed.role) {
      return { member: toStaffMember({ ...existing, role: existing.role }), outcome: "unchanged" };
    }
    if (existing?.role === "admin") await assertAnotherAdminRemains(tx, existing.id, "role");
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { role: parsed.role } })
      : await tx.user.create({ data: { email, role: parsed.role } });
    const outcome = !existing ? "created" : existing.role ? "role_changed" : "promoted";
    await recordAuditEvent(tx, ctx, {
      action: outcome === "role_changed" ? "staff.role_changed" : "staff.added",
      targetType: "user",
      targetId: user.id,
      target: { email },
      before: existing ? { role: existing.role } : null,
      after: { role: parsed.role },
      env: null,
    });
    return { member: toStaffMember(user), outcome };
  };
  return options.tx ? run(options.tx) : db().$transaction(run);
}
