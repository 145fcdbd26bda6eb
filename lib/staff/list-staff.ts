import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { toStaffMember, type StaffMember } from "./staff-member";

/** Everyone with a dashboard role, admins first. Staff are not per environment. */
export async function listStaff(ctx: Ctx): Promise<StaffMember[]> {
  authorize(ctx, "staff:manage");
  const users = await db().user.findMany({
    where: { role: { not: null } },
    orderBy: [{ role: "asc" }, { email: "asc" }],
    include: { _count: { select: { accounts: true, sessions: true } } },
  });
  return users.map(toStaffMember);
}
