// next-auth's events.signIn for end customers (lib/auth/auth-options.ts calls it; it runs after
// the user row exists). Never throws: a failure must not block the sign-in. It is logged with the
// user id, and the next sign-in or portal visit (which calls ensurePortalCustomer again) completes it.
import "server-only";
import type { Account, Profile, User } from "next-auth";
import type { StaffRole } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { ensurePortalCustomer, type PortalCustomerResult } from "./ensure-portal-customer";
import { signInVerifiesEmail } from "./email-verification";
import { portalCtxFor } from "./portal-ctx";
import { describeError } from "./describe-error";
import { readInvitationCookie } from "./invitation-cookie";

export type SignInMessage = { user: User & { role?: StaffRole | null }; account: Account | null; profile?: Profile; isNewUser?: boolean };

export type PortalSignInOutcome = PortalCustomerResult["outcome"] | "staff" | "failed";

/**
 * `options.invitationToken`: an invitation opened before signing in; by default the invitation
 * cookie of the request next-auth is handling (lib/portal/invitation-cookie.ts).
 */
export async function runPortalSignInHook(message: SignInMessage, options: { invitationToken?: string | null } = {}): Promise<PortalSignInOutcome> {
  const { user, account, profile } = message;
  try {
    // The adapter's user row carries the role; read it if this user object does not.
    const role = user.role !== undefined ? user.role : ((await db().user.findUnique({ where: { id: user.id }, select: { role: true } }))?.role ?? null);
    const ctx = portalCtxFor({ id: user.id, email: user.email, role });
    if (!ctx) return "staff";
    const invitationToken = options.invitationToken !== undefined ? options.invitationToken : await readInvitationCookie();
    const { outcome, customer, invitation } = await ensurePortalCustomer(ctx, {
      name: user.name,
      emailVerified: signInVerifiesEmail(ctx.emailNormalized, account, profile),
      invitationToken,
    });
    if (outcome !== "existing") console.info(`[portal] user ${user.id}: customer ${customer.id} ${outcome} at sign-in${invitation === "claimed" ? " through an invitation" : ""}`);
    if (invitation && invitation !== "claimed") console.warn(`[portal] user ${user.id}: the invitation opened before signing in claimed nothing (${invitation})`);
    return outcome;
  } catch (error) {
    console.error(
      `[portal] sign-in hook failed for user ${user.id}; the sign-in goes on and the next sign-in or portal visit retries: ${describeError(error)}`,
    );
    return "failed";
  }
}
