import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createTestApiKey, createTestCustomer, createStaffUser, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf } from "@/tests/factories/customers";
import {
  createPendingCustomer,
  createPortalUser,
  magicLinkSignIn,
  oidcSignIn,
  portalCtxOf,
  uniqueAcmeEmail,
} from "@/tests/factories/portal";
import { withDatabaseUnavailable } from "@/tests/factories/database-outage";
import { getOrCreateCustomer, getOrCreateCustomerRecord } from "@/lib/customers/get-or-create-customer";
import { authOptions } from "@/lib/auth/auth-options";
import { ensurePortalCustomer } from "./ensure-portal-customer";
import { runPortalSignInHook } from "./portal-sign-in-hook";
import { visitPortal } from "./get-portal-account";

vi.mock("@/lib/db", async (importOriginal) => (await import("@/tests/factories/database-outage")).withOutageSwitch(await importOriginal()));

const customersWithEmail = (env: "sandbox" | "live", emailNormalized: string) =>
  db().customer.findMany({ where: { env, emailNormalized }, orderBy: { createdAt: "asc" } });

afterEach(() => vi.restoreAllMocks());

describe("the sign-in hook: claiming the pending customer", () => {
  it("a magic-link sign-in claims the customer staff pre-created: its id becomes the user's id, as an audit event by the user", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email.replace("billing", "Billing").replace("acme", "Acme"));
    const user = await createPortalUser({ email });

    expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("claimed");

    const claimed = await db().customer.findUniqueOrThrow({ where: { id: pending.id } });
    expect(claimed).toMatchObject({ externalId: user.id, linkedUserId: null, claimedByKind: "end_customer", claimedById: user.id });
    const claimEvents = (await auditEventsOf(pending.id)).filter((event) => event.action === "customer.claimed");
    expect(claimEvents).toHaveLength(1);
    expect(claimEvents[0]).toMatchObject({ actorKind: "end_customer", actorId: user.id, actorLabel: email, env: "sandbox", after: { id: user.id } });
    expect(await customersWithEmail("sandbox", email)).toHaveLength(1);
  });

  it("signing in again (and visiting the portal) changes nothing", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email);
    const user = await createPortalUser({ email });
    await runPortalSignInHook(magicLinkSignIn(user));
    const before = await db().customer.findUniqueOrThrow({ where: { id: pending.id } });
    const eventsBefore = await auditEventsOf(pending.id);

    expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("existing");
    expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("existing");
    await visitPortal(portalCtxOf(user));

    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toEqual(before);
    expect(await auditEventsOf(pending.id)).toEqual(eventsBefore);
    expect(await customersWithEmail("sandbox", email)).toHaveLength(1);
  });

  it("an OpenID Connect sign-in with email_verified: true claims too", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email);
    const user = await createPortalUser({ email, emailVerified: false });

    expect(await runPortalSignInHook(oidcSignIn(user, { email, email_verified: true }))).toBe("claimed");
    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBe(user.id);
  });

  it("an email with surrounding spaces or Unicode variants normalises to the same match", async () => {
    // Staff typed a full-width, mixed-case address; the person signs in with the plain one, spaced.
    const local = unique("ada").replace("_", "");
    const pending = await createPendingCustomer(`${local.toUpperCase()}@ＡＣＭＥ.test`);
    const user = await createPortalUser({ email: `${local}@acme.test` });

    const ctx = portalCtxOf({ ...user, email: `  ${local.toUpperCase()}@Acme.TEST\t` });
    const { outcome, customer } = await ensurePortalCustomer(ctx, { emailVerified: true });

    expect(outcome).toBe("claimed");
    expect(customer.id).toBe(pending.id);
    expect(customer.externalId).toBe(user.id);
  });

  it("without a pending customer, creates one with the user's id and email", async () => {
    const email = uniqueAcmeEmail();
    const user = await createPortalUser({ email, name: "Ada Lovelace" });

    expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("created");

    const [customer] = await customersWithEmail("sandbox", email);
    expect(customer).toMatchObject({ externalId: user.id, email, name: "Ada Lovelace", createdByKind: "end_customer", createdById: user.id });
  });
});

describe("the sign-in hook: a customer an application already claimed", () => {
  it("links the portal user to the customer claimed through the API (id app_user_1), keeping its id, without a duplicate", async () => {
    // PORTAL_ENV=live here, so the literal id of the story cannot meet another test's sandbox data.
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email, "live");
    // The application's call, as POST /v1/customers.get_or_create makes it with its key.
    const key = await createTestApiKey("live");
    const application = apiKeyCtx("live", key.id);
    expect(await getOrCreateCustomer(application, { customer_id: "app_user_1", email })).toMatchObject({ id: "app_user_1", email });

    const user = await createPortalUser({ email });
    const ctx = portalCtxOf(user, "live");
    const { outcome, customer } = await ensurePortalCustomer(ctx, { emailVerified: true });

    expect(outcome).toBe("linked");
    expect(customer).toMatchObject({ id: pending.id, externalId: "app_user_1", linkedUserId: user.id });
    expect(await customersWithEmail("live", email)).toHaveLength(1);
    const linkEvents = (await auditEventsOf(pending.id)).filter((event) => event.action === "customer.linked");
    expect(linkEvents).toEqual([expect.objectContaining({ actorKind: "end_customer", actorId: user.id, after: { linked_user_id: user.id } })]);

    // Again: the tie is found first; nothing changes. And the application's own call still works.
    expect((await ensurePortalCustomer(ctx, { emailVerified: true })).outcome).toBe("existing");
    expect(await getOrCreateCustomer(application, { customer_id: "app_user_1", email })).toMatchObject({ id: "app_user_1" });
    expect(await customersWithEmail("live", email)).toHaveLength(1);
  });

  it("links nothing when several customers with ids share the email (ambiguous), and keeps them apart", async () => {
    const email = uniqueAcmeEmail();
    const first = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email });
    const second = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email });
    const user = await createPortalUser({ email });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const { outcome, customer } = await ensurePortalCustomer(portalCtxOf(user), { emailVerified: true });

    expect(outcome).toBe("created");
    expect(customer.externalId).toBe(user.id);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(user.id));
    for (const other of [first.customer, second.customer]) {
      expect((await db().customer.findUniqueOrThrow({ where: { id: other.id } })).linkedUserId).toBeNull();
    }
  });
});

describe("the sign-in hook: only a verified email claims or links", () => {
  it("an unverified OpenID Connect email does not claim: the user gets a customer of their own, and a warning is logged", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email);
    const user = await createPortalUser({ email, emailVerified: false });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    expect(await runPortalSignInHook(oidcSignIn(user, { email, email_verified: false }))).toBe("created");

    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBeNull();
    const own = await db().customer.findFirstOrThrow({ where: { env: "sandbox", externalId: user.id } });
    expect(own.id).not.toBe(pending.id);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`user ${user.id}: email not verified`)));
  });

  it("a missing email_verified claim, or one for another address, is not verified either", async () => {
    const email = uniqueAcmeEmail();
    await createPendingCustomer(email);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const noClaim = await createPortalUser({ email, emailVerified: false });
    expect(await runPortalSignInHook(oidcSignIn(noClaim, { email }))).toBe("created");

    const otherEmail = uniqueAcmeEmail();
    await createPendingCustomer(otherEmail);
    const wrongAddress = await createPortalUser({ email: otherEmail, emailVerified: false });
    expect(await runPortalSignInHook(oidcSignIn(wrongAddress, { email: uniqueAcmeEmail(), email_verified: true }))).toBe("created");

    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: { in: [email, otherEmail] }, externalId: null } })).toBe(2);
  });

  it("an unverified user does not link to a customer an application claimed either", async () => {
    const email = uniqueAcmeEmail();
    const appCustomer = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email });
    const user = await createPortalUser({ email, emailVerified: false });
    vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const { outcome } = await ensurePortalCustomer(portalCtxOf(user), { emailVerified: false });

    expect(outcome).toBe("created");
    expect((await db().customer.findUniqueOrThrow({ where: { id: appCustomer.customer.id } })).linkedUserId).toBeNull();
  });
});

describe("the sign-in hook: who it applies to", () => {
  it("a user whose id is already a customer does not claim another pending record", async () => {
    const user = await createPortalUser();
    const own = await createTestCustomer({ externalId: user.id, email: user.email });
    // Later, staff pre-create a pending record for the same address.
    const pending = await createPendingCustomer(user.email!.toUpperCase());

    expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("existing");

    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBeNull();
    expect((await db().customer.findUniqueOrThrow({ where: { id: own.id } })).externalId).toBe(user.id);
  });

  it("skips staff users: they get no customer", async () => {
    const staff = await createStaffUser({ role: "admin", email: uniqueAcmeEmail("staff") });
    const pending = await createPendingCustomer(staff.email!);

    expect(await runPortalSignInHook(magicLinkSignIn(staff))).toBe("staff");
    // Also when the user object lacks the role: it is read from the database.
    expect(await runPortalSignInHook(magicLinkSignIn({ id: staff.id, email: staff.email }))).toBe("staff");

    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBeNull();
    expect(await db().customer.count({ where: { OR: [{ externalId: staff.id }, { linkedUserId: staff.id }] } })).toBe(0);
  });
});

describe("the sign-in hook: concurrency", () => {
  it("two different users racing to claim one pending record: exactly one wins, the other gets a customer of their own", async () => {
    for (let round = 0; round < 5; round++) {
      const email = uniqueAcmeEmail();
      const pending = await createPendingCustomer(email);
      const users = [unique("usr"), unique("usr")].map((id) => portalCtxOf({ id, email }));

      const results = await Promise.all(users.map((ctx) => ensurePortalCustomer(ctx, { emailVerified: true })));

      expect(results.map((r) => r.outcome).sort()).toEqual(["claimed", "created"]);
      const winner = results.find((r) => r.outcome === "claimed")!;
      const loser = results.find((r) => r.outcome === "created")!;
      expect(winner.customer.id).toBe(pending.id);
      expect(loser.customer.id).not.toBe(pending.id);
      expect(new Set([winner.customer.externalId, loser.customer.externalId])).toEqual(new Set(users.map((ctx) => ctx.actor.userId)));
      expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: email, externalId: null } })).toBe(0);
    }
  });

  it("the hook and a portal visit of one user at the same time leave one customer", async () => {
    const email = uniqueAcmeEmail();
    await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email });
    const user = await createPortalUser({ email });

    const outcomes = await Promise.all([
      runPortalSignInHook(magicLinkSignIn(user)),
      visitPortal(portalCtxOf(user)).then(() => "visit"),
      runPortalSignInHook(magicLinkSignIn(user)),
    ]);

    expect(outcomes.filter((o) => o === "linked").length).toBeLessThanOrEqual(1);
    expect(await db().customer.count({ where: { env: "sandbox", OR: [{ externalId: user.id }, { linkedUserId: user.id }] } })).toBe(1);
    expect(await customersWithEmail("sandbox", email)).toHaveLength(1);
  });
});

describe("the sign-in hook: failures", () => {
  it("a database outage during the hook lets the sign-in finish, is logged with the user id, and the next sign-in claims", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email);
    const user = await createPortalUser({ email });
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);

    // Through next-auth's own events.signIn, as the callback route calls it: it must resolve.
    const signInEvent = authOptions().events!.signIn!;
    await withDatabaseUnavailable(async () => {
      await expect(signInEvent(magicLinkSignIn(user))).resolves.toBeUndefined();
    });

    expect(error).toHaveBeenCalledWith(expect.stringContaining(`sign-in hook failed for user ${user.id}`));
    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBeNull();

    await signInEvent(magicLinkSignIn(user));
    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBe(user.id);
  });

  it("or the next portal visit completes the claim (the verified email is read from the stored sign-in)", async () => {
    const email = uniqueAcmeEmail();
    const pending = await createPendingCustomer(email);
    const user = await createPortalUser({ email }); // opened a magic link: email_verified is set
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    await withDatabaseUnavailable(async () => {
      expect(await runPortalSignInHook(magicLinkSignIn(user))).toBe("failed");
    });

    const visit = await visitPortal(portalCtxOf(user));
    expect(visit.setupFailed).toBe(false);
    expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBe(user.id);
  });

  it("a portal visit after a failed OpenID Connect hook claims from the stored ID token, and only if it verified the email", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (const verified of [true, false]) {
      const email = uniqueAcmeEmail();
      const pending = await createPendingCustomer(email);
      const user = await createPortalUser({ email, emailVerified: false });
      const message = oidcSignIn(user, { email, email_verified: verified });
      await db().account.create({
        data: { userId: user.id, type: "oauth", provider: "oidc", providerAccountId: message.account!.providerAccountId, id_token: message.account!.id_token },
      });

      await withDatabaseUnavailable(() => runPortalSignInHook(message));
      await visitPortal(portalCtxOf(user));

      expect((await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).externalId).toBe(verified ? user.id : null);
    }
  });

  it("a portal visit during the outage says the account is being set up instead of failing", async () => {
    const user = await createPortalUser();
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const ctx = portalCtxOf(user);
    // The setup fails; the read that follows happens once the database is back.
    const setup = withDatabaseUnavailable(() => ensurePortalCustomer(ctx, { emailVerified: true }).catch((e: unknown) => e));
    expect(await setup).toBeInstanceOf(Error);
    const visit = await visitPortal(ctx);
    expect(visit).toMatchObject({ setupFailed: false, account: { customer: { email: user.email } } });
  });
});
