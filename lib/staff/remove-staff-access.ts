import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { staffMemberInput } from "./schemas";
import { assertAnotherAdminRemains } from "./last-admin";

/**
 * Takes the dashboard role away. The user row stays (it may also be a portal customer, and the
 * audit log refers to it); the role is read on every request, so access ends at once.
 */
export async function removeStaffAccess(ctx: Ctx, input: { userId: string }): Promise<void> {
  authorize(ctx, "staff:manage");
  const { userId } = staffMemberInput.parse(input);
  await db().$transaction(async (tx) => {
    await assertAnotherAdminRemains(tx, userId, "userId");
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user?.role) throw new DomainError("not_found", "This person has no dashboard access");
    await tx.user.update({ where: { id: userId }, data: { role: null } });
    await recordAuditEvent(tx, ctx, {
      action: "staff.access_removed",
      targetType: "user",
      targetId: userId,
      target: { email: user.email },
      before: { role: user.role },
      after: { role: null },
      env: null,
    });
  });
}
