// What Equinox reads from an OpenID Connect identity provider's claims. A leaf module: the auth
// configuration (lib/auth/auth-options.ts) and the portal's email proof
// (lib/portal/email-verification.ts) both read it, and the portal's sign-in hook is called by the
// auth configuration, so neither may import the other for it.

/** The claims Equinox reads from the identity provider. */
export type OidcProfile = { sub: string; email?: string; email_verified?: boolean | string; name?: string; preferred_username?: string; picture?: string };

/** Some identity providers send `"true"` as a string; anything else is not verified. */
export function isVerifiedEmailClaim(profile: unknown): boolean {
  if (!profile || typeof profile !== "object") return false;
  const { email, email_verified: verified } = profile as OidcProfile;
  return Boolean(email) && (verified === true || verified === "true");
}
