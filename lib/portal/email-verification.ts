// Whether a portal user's email address is proven, which is what allows the sign-in hook to link
// or claim a customer by that address. Proof is a magic link (opening it proves the mailbox) or an
// OpenID Connect identity provider's `email_verified: true` for that same address.
import "server-only";
import type { Account, Profile } from "next-auth";
import { db } from "@/lib/db";
import { normalizeEmail, storedNormalizedEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { isVerifiedEmailClaim } from "@/lib/auth/oidc-claims";

type Claims = { email?: unknown; email_verified?: unknown };

/**
 * The claims of an ID token. It was checked (signature, issuer, audience, nonce) by next-auth when
 * it was received, and only the server stores it, so reading it again needs no new check.
 */
export function idTokenClaims(idToken: string | null | undefined): Claims | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims && typeof claims === "object" ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

/** The provider verified this very address (not merely some address). The token's address is the provider's, so it is normalised here. */
function claimsVerify(claims: Claims | null | undefined, emailNormalized: NormalizedEmail): boolean {
  return Boolean(claims) && isVerifiedEmailClaim(claims) && normalizeEmail(String(claims!.email)) === emailNormalized;
}

/**
 * From the sign-in that just happened (next-auth's events.signIn message), for the user's
 * normalised address (PortalCtx.emailNormalized).
 */
export function signInVerifiesEmail(emailNormalized: NormalizedEmail | null, account: Account | null | undefined, profile?: Profile | null): boolean {
  if (!emailNormalized || !account) return false;
  // The magic link was opened: the account is the address it was sent to (the email provider's
  // identifier, normalised by normalizeSignInEmail when the link was asked for).
  if (account.type === "email") return storedNormalizedEmail(account.providerAccountId) === emailNormalized;
  if (account.type === "oauth") {
    // next-auth hands events.signIn the mapped profile (no email_verified claim), so the claim is
    // read from the ID token of this sign-in unless the profile carries it.
    const fromProfile = profile && "email_verified" in profile ? (profile as Claims) : null;
    return claimsVerify(fromProfile ?? idTokenClaims(account.id_token), emailNormalized);
  }
  return false;
}

/**
 * From what earlier sign-ins stored, for a portal visit that must finish what a failed sign-in
 * hook left undone: next-auth sets `users.email_verified` when a magic link is opened, and keeps
 * the ID token of the user's OpenID Connect account.
 */
export async function storedSignInsVerifyEmail(userId: string, emailNormalized: NormalizedEmail | null): Promise<boolean> {
  if (!emailNormalized) return false;
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true, accounts: { where: { type: "oauth" }, select: { id_token: true } } },
  });
  // users.email is stored normalised (lib/auth/adapter.ts).
  if (!user || storedNormalizedEmail(user.email) !== emailNormalized) return false;
  if (user.emailVerified) return true;
  return user.accounts.some((account) => claimsVerify(idTokenClaims(account.id_token), emailNormalized));
}
