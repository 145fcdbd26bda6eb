import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { changeStaffRoleInput, type ChangeStaffRoleInput } from "./schemas";
import { assertAnotherAdminRemains } from "./last-admin";
import { toStaffMember, type StaffMember } from "./staff-member";

/** Makes a staff member an admin or an admin a staff member; the last admin stays an admin. */
export async function changeStaffRole(ctx: Ctx, input: ChangeStaffRoleInput): Promise<StaffMember> {
  authorize(ctx, "staff:manage");
  const { userId, role } = changeStaffRoleInput.parse(input);
  return db().$transaction(async (tx) => {
    if (role !== "admin") await assertAnotherAdminRemains(tx, userId, "role");
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user?.role) throw new DomainError("not_found", "This person has no dashboard access");
    if (user.role === role) return toStaffMember(user);
    const updated = await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuditEvent(tx, ctx, {
      action: "staff.role_changed",
      targetType: "user",
      targetId: userId,
      target: { email: user.email },
      before: { role: user.role },
      after: { role },
      env: null,
    });
    return toStaffMember(updated);
  });
}
