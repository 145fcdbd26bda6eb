// What the e2e specs arrange, made the way the app makes it: through the domain functions (as the
// system, or an admin), next-auth's own adapter for users and sessions, and tests/factories. No
// table is written by hand here, so no rule (email normalisation, ids, versions, audit) is
// written twice. Loaded only through ./domain.ts, which prepares the process for it.
import "@/lib/composition/wire-areas";
import { randomBytes } from "node:crypto";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { systemCtx, type Ctx } from "@/lib/context";
import { equinoxAdapter } from "@/lib/auth/adapter";
import { createSignInLink } from "@/lib/auth/sign-in-link";
import { addStaffMember } from "@/lib/staff/add-staff-member";
import { removeStaffAccess } from "@/lib/staff/remove-staff-access";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createFeature } from "@/lib/features/create-feature";
import { createPlan } from "@/lib/plans/create-plan";
import type { CreatePlanInput } from "@/lib/plans/schemas";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import { createCustomer } from "@/lib/customers/create-customer";
import { createCustomerInvitation, revokeCustomerInvitation } from "@/lib/customers/invitations";
import { recordAuditEvent, type AuditInput } from "@/lib/audit/record-audit-event";
import { runPortalSignInHook } from "@/lib/portal/portal-sign-in-hook";
import { magicLinkSignIn } from "@/tests/factories/portal";

export type StaffRole = "admin" | "staff" | null;
type FeatureType = "boolean" | "single_use" | "continuous_use";

const e2eCtx = (environment: Env = "sandbox"): Ctx => systemCtx(environment, "e2e");

/** Reads (and keeps) the app's settings now, while ./domain.ts has them in process.env. */
export function readSettings(): void {
  env();
}

/**
 * A user with this email and role: staff through staff management (as `npm run staff` adds one;
 * an existing user's role is set), a user without a role as next-auth creates one at sign-up (an
 * existing one loses its dashboard access, as an admin would remove it).
 */
export async function userWithRole(email: string, role: StaffRole): Promise<{ id: string; email: string }> {
  if (role) {
    const { member } = await addStaffMember(e2eCtx(), { email, role }, { ifStaff: "update" });
    return { id: member.id, email: member.email };
  }
  const adapter = equinoxAdapter();
  const existing = await adapter.getUserByEmail!(email);
  if (existing) {
    if ((existing as { role?: StaffRole }).role) await removeStaffAccess(e2eCtx(), { userId: existing.id });
    return { id: existing.id, email: existing.email };
  }
  const user = await adapter.createUser!({ email, emailVerified: new Date(), name: "E2E User" });
  return { id: user.id, email: user.email };
}

/** A database session for the user, as next-auth stores one after a sign-in; returns its token. */
export async function sessionFor(userId: string): Promise<string> {
  const sessionToken = randomBytes(32).toString("hex");
  await equinoxAdapter().createSession!({ sessionToken, userId, expires: new Date(Date.now() + 24 * 60 * 60 * 1000) });
  return sessionToken;
}

/** A one-time sign-in link for the address (as `npm run dev` prints one for the demo admin). */
export const signInLink = (email: string, callbackUrl: string) => createSignInLink(email, { callbackUrl });

export async function apiKey(env: Env, name: string) {
  const key = await createApiKey(e2eCtx(env), { name });
  return { id: key.id, env: key.env, secret: key.secret };
}

export const revokeKey = (env: Env, id: string) => revokeApiKey(e2eCtx(env), { id });

export const feature = (env: Env, input: { featureId: string; name: string; type: FeatureType; eventNames?: string[] }) => createFeature(e2eCtx(env), input);

export const plan = (env: Env, input: CreatePlanInput) => createPlan(e2eCtx(env), input);

/** A customer as the dashboard creates it (null id: a pending customer, matched by email at sign-up). */
export async function customer(input: { env?: Env; id: string | null; email: string; name?: string | null }) {
  const { customer } = await createCustomer(e2eCtx(input.env), { id: input.id, email: input.email, name: input.name ?? undefined });
  return customer;
}

export const enablePlan = (env: Env, customerId: string, planId: string) => enablePlanForCustomer(e2eCtx(env), { customerId, planId });

/** Audit events as the domain records them, acting as `ctx`: one after the other, oldest first. */
export async function auditEvents(ctx: Ctx, events: AuditInput[]) {
  for (const event of events) await db().$transaction((tx) => recordAuditEvent(tx, ctx, event));
}

/** An invitation link to claim a pending customer (internal id), as staff create one; revoked at once when asked. */
export async function invitation(customerId: string, options: { revoked?: boolean } = {}): Promise<string> {
  const { invitation, url } = await createCustomerInvitation(e2eCtx(), { customer_id: customerId });
  if (options.revoked) await revokeCustomerInvitation(e2eCtx(), { invitation_id: invitation.id });
  return url;
}

/** The person behind a pending customer signs up with a magic link: next-auth's sign-in event claims it. */
export async function signUpByMagicLink(email: string) {
  const user = await equinoxAdapter().createUser!({ email, emailVerified: new Date(), name: null });
  const outcome = await runPortalSignInHook(magicLinkSignIn({ id: user.id, email: user.email, name: null, role: null }));
  return { userId: user.id, outcome };
}
