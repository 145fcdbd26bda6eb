/**
 * The one way an email is compared anywhere in Equinox (pre-creation, the API, the sign-in path,
 * staff, the audit search): trimmed, Unicode NFKC (so full-width and compatibility forms match
 * their plain twins), lower case. An address is normalised once, where it enters (a request, a
 * form, an identity provider's answer), and carried as a `NormalizedEmail` after that, so code
 * further in neither normalises again nor compares a raw address by mistake.
 *
 * Lives below every area (it imports nothing): auth, audit, staff, customers and billing all use it.
 */
declare const normalized: unique symbol;
export type NormalizedEmail = string & { readonly [normalized]: true };

/** Null for an empty value, which never matches anything. */
export function normalizeEmail(email: string | null | undefined): NormalizedEmail | null {
  if (email == null) return null;
  const value = email.normalize("NFKC").trim().toLowerCase();
  return value === "" ? null : (value as NormalizedEmail);
}

/**
 * An address read back from a column that only ever receives normalised addresses (users.email,
 * customers.email_normalized): typed as such without normalising it again.
 */
export function storedNormalizedEmail(email: string | null | undefined): NormalizedEmail | null {
  return email ? (email as NormalizedEmail) : null;
}
