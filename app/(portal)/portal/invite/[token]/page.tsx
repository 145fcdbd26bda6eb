import type { Metadata } from "next";
import { getSessionUser } from "@/lib/auth/session";
import { lookUpInvitation } from "@/lib/customers/invitations";
import { isStaffRole } from "@/lib/portal/portal-ctx";
import { InvitationCard, type InvitationCardState } from "@/components/portal/invitation-card";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

/**
 * An invitation to claim a pre-created account (lib/customers/invitations.ts). Opening it claims
 * nothing: the visitor accepts, signs in, and the sign-in claims. A link that no longer works
 * says why.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([lookUpInvitation(token), getSessionUser()]);
  let state: InvitationCardState;
  if (invitation.status !== "open") state = { kind: invitation.status };
  else if (user) state = { kind: "signed_in", email: user.email ?? null, staff: isStaffRole(user.role) };
  else state = { kind: "open", token, customerName: invitation.customerName, expiresAt: invitation.expiresAt.toISOString() };
  return (
    <>
      <InvitationCard state={state} />
      <InteractiveMarker />
    </>
  );
}
