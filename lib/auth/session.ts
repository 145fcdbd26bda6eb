// The one place the app asks "who is signed in". Everything else (pages, server actions, route
// handlers) goes through getSessionUser() or requireStaff(); swapping the auth library touches
// this file and auth-options.ts only.
import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { StaffRole } from "@/lib/generated/prisma";
import type { Actor, Ctx } from "@/lib/context";
import { DomainError, forbidden } from "@/lib/errors";
import { getSelectedEnvironment } from "@/lib/environment/selected-environment";
import { authOptions, type SessionUser } from "./auth-options";

export type { SessionUser };

/** The signed-in user (role fresh from the database on every request), or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Per-request by nature: never prerendered at build time (when there is no configuration either).
  await connection();
  const session = await getServerSession(authOptions());
  return session?.user?.id ? session.user : null;
});

export type StaffUser = SessionUser & { role: StaffRole };

/** A Ctx whose actor is a staff member (what requireStaff returns). */
export type StaffCtx = Ctx & { actor: Extract<Actor, { kind: "staff" }> };

export function isStaff(user: SessionUser | null): user is StaffUser {
  return user?.role === "admin" || user?.role === "staff";
}

export const unauthorized = () => new DomainError("unauthorized", "Your session has ended: sign in again");
export const noStaffAccess = () => forbidden("Your account has no access to the Equinox dashboard");

/**
 * The domain context for a staff member acting in the environment they selected. Every server
 * action and dashboard route handler starts here. Throws `unauthorized` (no session) or
 * `forbidden` (not staff, or not an admin when `minRole` is "admin"); the finer permission checks
 * stay in the domain functions (`authorize`).
 */
export async function requireStaff(minRole?: StaffRole): Promise<StaffCtx> {
  const user = await getSessionUser();
  if (!user) throw unauthorized();
  if (!isStaff(user)) throw noStaffAccess();
  if (minRole === "admin" && user.role !== "admin") throw forbidden("Only admins can do that");
  return {
    env: await getSelectedEnvironment(),
    actor: { kind: "staff", userId: user.id, email: user.email, role: user.role },
  };
}

/**
 * For pages: the same context, but a missing session goes to the sign-in page and a missing role
 * to the "no access" page, instead of an error.
 */
export async function requireStaffPage(minRole?: StaffRole): Promise<StaffCtx> {
  try {
    return await requireStaff(minRole);
  } catch (error) {
    if (error instanceof DomainError && error.code === "unauthorized") redirect("/sign-in");
    if (error instanceof DomainError && error.code === "forbidden") redirect(minRole === "admin" ? "/no-access?reason=admin" : "/no-access");
    throw error;
  }
}
