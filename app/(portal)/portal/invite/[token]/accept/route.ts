// "Accept and sign in" on an invitation: remembers the invitation in this browser (an HTTP-only
// cookie the sign-in hook reads, lib/portal/invitation-cookie.ts) and opens the portal's sign-in.
// Claims nothing itself. A link that no longer works goes back to its page, which says why.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { lookUpInvitation } from "@/lib/customers/invitations";
import { INVITATION_COOKIE, INVITATION_COOKIE_MAX_AGE_SECONDS } from "@/lib/portal/invitation-cookie";

type RouteContext = { params: Promise<{ token: string }> };

export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  const { token } = await context.params;
  const base = env().APP_URL;
  const invitation = await lookUpInvitation(token);
  if (invitation.status !== "open") return NextResponse.redirect(new URL(`/portal/invite/${encodeURIComponent(token)}`, base), 303);
  const response = NextResponse.redirect(new URL("/portal/sign-in", base), 303);
  response.cookies.set(INVITATION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: base.startsWith("https://"),
    path: "/",
    maxAge: INVITATION_COOKIE_MAX_AGE_SECONDS,
  });
  return response;
}
