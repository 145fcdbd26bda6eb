// The invitation a visitor opened before signing in: its token rides in a short-lived, HTTP-only
// cookie from the invitation page (/portal/invite/<token>/accept sets it) to the sign-in hook, which
// runs inside next-auth's callback request and reads it here. The token is single use, so the
// cookie left behind after the claim is harmless; it expires within the hour anyway.
import "server-only";

export const INVITATION_COOKIE = "equinox_invitation";
export const INVITATION_COOKIE_MAX_AGE_SECONDS = 60 * 60;

/** The token of the invitation cookie, or null (also outside a request, e.g. in a script or test). */
export async function readInvitationCookie(): Promise<string | null> {
  try {
    // Imported here, not at the top: the sign-in hook is also loaded outside Next.js (the seed, the
    // e2e workers' domain), where Node's ESM resolution cannot find "next/headers" without ".js".
    const { cookies } = await import("next/headers");
    return (await cookies()).get(INVITATION_COOKIE)?.value || null;
  } catch {
    return null;
  }
}
