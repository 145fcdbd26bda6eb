import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { track } from "@/lib/balances/track";
import { createStaffUser } from "@/tests/factories";
import {
  createEnterpriseCatalog,
  createPendingCustomer,
  createPortalUser,
  enableNegotiated,
  magicLinkSignIn,
  portalCtxOf,
  uniqueAcmeEmail,
} from "@/tests/factories/portal";
import { getPortalAccount, visitPortal } from "./get-portal-account";
import { runPortalSignInHook } from "./portal-sign-in-hook";
import { portalCtxFor } from "./portal-ctx";

/** Staff pre-create the customer, enable Enterprise at a negotiated price; the person signs in. */
async function acmeStory() {
  const email = uniqueAcmeEmail();
  const catalog = await createEnterpriseCatalog();
  const pending = await createPendingCustomer(email);
  await enableNegotiated(pending.id, catalog.plan.id, 250_000);
  const user = await createPortalUser({ email });
  expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("claimed");
  return { email, catalog, pending, user };
}

describe("the portal's account view", () => {
  it("shows the claimed customer's plan at its negotiated price, balances with their next reset, and features", async () => {
    const { email, catalog, user } = await acmeStory();
    await track(systemCtx("sandbox", "test"), { customer_id: user.id, feature_id: catalog.messages.id, value: 1_200 });

    const account = await getPortalAccount(portalCtxOf(user));

    expect(account?.customer).toEqual({ name: "Acme Corp", email });
    expect(account?.plans).toEqual([
      expect.objectContaining({ planId: catalog.plan.id, name: "Enterprise", status: "active", custom: true, price: { amount: 250_000, currency: "usd", interval: "month" } }),
    ]);
    expect(account?.balances).toEqual([
      expect.objectContaining({ name: "Messages", type: "single_use", granted: 10_000, usage: 1_200, remaining: 8_800, unlimited: false, nextResetAt: expect.any(Number) }),
      expect.objectContaining({ name: "Seats", type: "continuous_use", granted: 50, usage: 0, nextResetAt: null }),
    ]);
    expect(account!.balances[0]!.nextResetAt!).toBeGreaterThan(Date.now());
    expect(account?.features).toEqual([expect.objectContaining({ name: "Single sign-on", featureId: catalog.sso.id })]);
  });

  it("a user with no customer yet sees nothing; a portal visit creates theirs", async () => {
    const user = await createPortalUser();
    expect(await getPortalAccount(portalCtxOf(user))).toBeNull();
    const visit = await visitPortal(portalCtxOf(user));
    expect(visit).toMatchObject({ setupFailed: false, account: { customer: { email: user.email }, plans: [], balances: [] } });
  });
});

describe("the portal reaches only the signed-in user's customer", () => {
  it("finds the customer by the session user's id alone: another user's email in the context reaches nothing of theirs", async () => {
    const acme = await acmeStory();
    const other = await createPortalUser();
    await runPortalSignInHook(magicLinkSignIn(other));

    const otherAccount = await getPortalAccount(portalCtxOf(other));
    expect(otherAccount?.customer.email).toBe(other.email);
    expect(otherAccount?.plans).toEqual([]);

    // Even a context carrying Acme's address (it never does: it comes from the session) reads
    // the user's own customer, and a visit does not claim or link Acme's.
    const tampered = portalCtxOf({ id: other.id, email: acme.email });
    expect((await getPortalAccount(tampered))?.customer.email).toBe(other.email);
    await visitPortal(tampered);
    expect(await db().customer.findUniqueOrThrow({ where: { id: acme.pending.id } })).toMatchObject({ externalId: acme.user.id, linkedUserId: null });
  });

  it("staff users have no portal context", async () => {
    const staff = await createStaffUser({ role: "staff" });
    expect(portalCtxFor({ id: staff.id, email: staff.email, role: "staff" })).toBeNull();
    expect(portalCtxFor({ id: staff.id, email: staff.email, role: "admin" })).toBeNull();
    expect(portalCtxFor({ id: staff.id, email: staff.email, role: null })?.actor).toEqual({ kind: "end_customer", userId: staff.id, email: staff.email });
  });
});
