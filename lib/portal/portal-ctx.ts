// Who the portal acts for: the signed-in end customer, in the portal's environment (PORTAL_ENV).
// The portal never takes a customer reference from a URL or a request body: everything it does
// starts from this context, built from the session (or the sign-in event), and only ever reaches
// the customer tied to that user.
import "server-only";
import type { Actor, Ctx } from "@/lib/context";
import type { Env, StaffRole } from "@/lib/generated/prisma";
import { env } from "@/lib/env";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";

export type PortalCtx = Ctx & {
  actor: Extract<Actor, { kind: "end_customer" }>;
  /** The user's address as Equinox compares it, normalised once here for the whole sign-in or visit. */
  emailNormalized: NormalizedEmail | null;
};

/** The parts of a signed-in user the portal needs (a next-auth user or a session user). */
export type PortalUser = { id: string; email?: string | null; name?: string | null; role?: StaffRole | null };

export function isStaffRole(role: StaffRole | null | undefined): boolean {
  return role === "admin" || role === "staff";
}

/**
 * The portal's context for a signed-in user, or null for staff: staff members are not end
 * customers, so they get no customer of their own (the sign-in hook skips them).
 */
export function portalCtxFor(user: PortalUser, options: { env?: Env; requestId?: string } = {}): PortalCtx | null {
  if (isStaffRole(user.role)) return null;
  return {
    env: options.env ?? env().PORTAL_ENV,
    actor: { kind: "end_customer", userId: user.id, email: user.email ?? null },
    emailNormalized: normalizeEmail(user.email),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
}
