/**
 * The one way an email is compared anywhere in Equinox (pre-creation, the API, the sign-in hook):
 * trimmed, Unicode NFKC (so full-width and compatibility forms match their plain twins), lower case.
 * Returns null for an empty value, which never matches anything.
 */
export function normalizeEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const normalized = email.normalize("NFKC").trim().toLowerCase();
  return normalized === "" ? null : normalized;
}
