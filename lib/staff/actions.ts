"use server";
import { staffAction } from "@/lib/auth/staff-action";
import { inviteStaff, resendInvitation } from "@/lib/staff/invite-staff";
import { changeStaffRole } from "@/lib/staff/change-staff-role";
import { removeStaffAccess } from "@/lib/staff/remove-staff-access";
import type { ChangeStaffRoleInput, InviteStaffInput } from "@/lib/staff/schemas";

const revalidate = ["/staff"];

export async function inviteStaffAction(input: InviteStaffInput) {
  return staffAction((ctx) => inviteStaff(ctx, input), { revalidate });
}

export async function resendInvitationAction(input: { userId: string }) {
  return staffAction((ctx) => resendInvitation(ctx, input));
}

export async function changeStaffRoleAction(input: ChangeStaffRoleInput) {
  // The layout re-reads the role on every request, so demoting yourself shows at once.
  return staffAction((ctx) => changeStaffRole(ctx, input), { revalidate: ["/", "/staff"] });
}

export async function removeStaffAccessAction(input: { userId: string }) {
  return staffAction((ctx) => removeStaffAccess(ctx, input), { revalidate });
}
