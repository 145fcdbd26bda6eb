import "server-only";
import type { Ctx } from "@/lib/context";
import { actorLabel } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { createSignInLink } from "@/lib/auth/sign-in-link";
import { sendMail } from "@/lib/auth/send-mail";
import { invitationEmail } from "@/lib/auth/emails/sign-in-email";
import { addStaffMember } from "./add-staff-member";
import { staffMemberInput, type InviteStaffInput } from "./schemas";
import type { StaffMember } from "./staff-member";

const INVITATION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export type InviteStaffResult = { member: StaffMember; emailSent: boolean };

/**
 * Adds a staff member and emails them a sign-in link valid for 7 days. The member exists even if
 * the email cannot be sent (the answer says so, and the page offers to send it again): they can
 * also sign in from the sign-in page with their address.
 */
export async function inviteStaff(ctx: Ctx, input: InviteStaffInput): Promise<InviteStaffResult> {
  const { member } = await addStaffMember(ctx, input, { ifStaff: "error" });
  const emailSent = await sendInvitation(ctx, member).then(
    () => true,
    (error: unknown) => {
      console.error(`[staff] invitation to ${member.email} not sent:`, error);
      return false;
    },
  );
  return { member, emailSent };
}

/** Sends (again) the invitation email of a staff member. */
export async function resendInvitation(ctx: Ctx, input: { userId: string }): Promise<void> {
  authorize(ctx, "staff:manage");
  const { userId } = staffMemberInput.parse(input);
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user?.role || !user.email) throw new DomainError("not_found", "This person has no dashboard access");
  try {
    await sendInvitation(ctx, { email: user.email, role: user.role });
  } catch (error) {
    console.error(`[staff] invitation to ${user.email} not sent:`, error);
    throw new DomainError("service_unavailable", "The email could not be sent: check the mail server settings (EMAIL_SERVER)");
  }
}

async function sendInvitation(ctx: Ctx, member: Pick<StaffMember, "email" | "role">): Promise<void> {
  const link = await createSignInLink(member.email, { callbackUrl: "/customers", maxAgeSeconds: INVITATION_MAX_AGE_SECONDS });
  const host = new URL(link.url).host;
  await sendMail({ to: member.email, ...invitationEmail({ url: link.url, host, expiresInText: "7 days", invitedBy: actorLabel(ctx.actor), role: member.role }) });
}
