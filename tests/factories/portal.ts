// Factories for the portal: end-customer users, the messages next-auth's events.signIn receives
// for a magic link and for OpenID Connect, the Acme catalog. (A database outage: database-outage.ts.)
import type { Account } from "next-auth";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { createCustomer } from "@/lib/customers/create-customer";
import { createFeature } from "@/lib/features/create-feature";
import { createPlan } from "@/lib/plans/create-plan";
import { enablePlanForCustomer } from "@/lib/plans/enable-plan-for-customer";
import { portalCtxFor, type PortalCtx } from "@/lib/portal/portal-ctx";
import type { SignInMessage } from "@/lib/portal/portal-sign-in-hook";
import { staffCtx, unique } from "./index";

export const uniqueAcmeEmail = (local = "billing") => `${local}-${unique("x").slice(2)}@acme.test`;

/** A user without a staff role (an end customer), as next-auth's adapter stores it. */
export async function createPortalUser(options: { email?: string; emailVerified?: boolean; name?: string | null } = {}) {
  return db().user.create({
    data: {
      email: options.email ?? uniqueAcmeEmail("user"),
      name: options.name ?? null,
      role: null,
      emailVerified: options.emailVerified === false ? null : new Date(),
    },
  });
}

type UserLike = { id: string; email: string | null; name?: string | null; role?: SignInMessage["user"]["role"] };

/** What events.signIn receives after a magic link was opened. */
export function magicLinkSignIn(user: UserLike): SignInMessage {
  const account: Account = { type: "email", provider: "email", providerAccountId: user.email ?? "", userId: user.id };
  return { user: { ...user, email: user.email ?? undefined }, account, isNewUser: false };
}

/** An ID token as an identity provider signs it (the signature is not checked after sign-in). */
export function fakeIdToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: "https://idp.test", aud: "equinox", sub: unique("sub"), ...claims })}.c2lnbmF0dXJl`;
}

/** What events.signIn receives after an OpenID Connect sign-in (next-auth passes the mapped profile). */
export function oidcSignIn(user: UserLike, claims: { email?: string | null; email_verified?: unknown }): SignInMessage {
  const account: Account = {
    type: "oauth",
    provider: "oidc",
    providerAccountId: unique("sub"),
    userId: user.id,
    id_token: fakeIdToken(claims),
    token_type: "bearer",
  };
  return {
    user: { ...user, email: user.email ?? undefined },
    account,
    profile: { sub: account.providerAccountId, email: user.email ?? undefined, name: user.name ?? undefined },
    isNewUser: false,
  };
}

export function portalCtxOf(user: UserLike, env: Env = "sandbox"): PortalCtx {
  const ctx = portalCtxFor({ id: user.id, email: user.email, role: user.role ?? null }, { env });
  if (!ctx) throw new Error("portalCtxOf: a staff user has no portal context");
  return ctx;
}

/** A pending customer (no id), as staff pre-create it in the dashboard. */
export async function createPendingCustomer(email: string, env: Env = "sandbox") {
  const { customer } = await createCustomer(await staffCtx(env), { name: "Acme Corp", email });
  return customer;
}

/**
 * An Enterprise plan (unique ids, readable names): monthly messages, seats and an SSO flag, with
 * no list price (deals are negotiated).
 */
export async function createEnterpriseCatalog(env: Env = "sandbox") {
  const ctx = systemCtx(env, "test");
  const suffix = unique("x").slice(2);
  const messages = await createFeature(ctx, { featureId: `messages_${suffix}`, name: "Messages", type: "single_use" });
  const seats = await createFeature(ctx, { featureId: `seats_${suffix}`, name: "Seats", type: "continuous_use" });
  const sso = await createFeature(ctx, { featureId: `sso_${suffix}`, name: "Single sign-on", type: "boolean" });
  const plan = await createPlan(ctx, {
    planId: `enterprise_${suffix}`,
    name: "Enterprise",
    price: { amount: 0, currency: "usd", interval: "month" },
    items: [
      { featureId: messages.id, included: 10_000, resetInterval: "month" },
      { featureId: seats.id, included: 50 },
      { featureId: sso.id },
    ],
  });
  return { plan, messages, seats, sso };
}

/** Enables the plan for a customer (internal id) at a negotiated monthly price, as sales would. */
export async function enableNegotiated(customerId: string, planId: string, amount: number, env: Env = "sandbox") {
  return enablePlanForCustomer(systemCtx(env, "test"), { customerId, planId, customPriceAmount: amount, customCurrency: "usd", note: "Acme deal" });
}
