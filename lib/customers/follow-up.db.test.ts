// Issue 17, items 2, 3 and 5: owners, the Pending view, invitations and claim alerts, against
// PostgreSQL, with the owner's alert delivered to a local SMTP sink.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import nodemailer from "nodemailer";
import { db } from "@/lib/db";
import { createStaffUser, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf } from "@/tests/factories/customers";
import { createPortalUser, magicLinkSignIn, oidcSignIn, portalCtxOf, uniqueAcmeEmail } from "@/tests/factories/portal";
import { startMailSink, type MailSink, type SinkMessage } from "@/e2e/harness/mail-sink";
import type { Ctx } from "@/lib/context";
import { createCustomer } from "./create-customer";
import { getOrCreateCustomerRecord } from "./get-or-create-customer";
import { changeCustomerOwner, getCustomerOwner, listOwnerOptions } from "./customer-owner";
import { listPendingCustomers, listRecentClaims } from "./pending-customers";
import { createCustomerInvitation, listCustomerInvitations, lookUpInvitation, revokeCustomerInvitation } from "./invitations";
import { ensurePortalCustomer } from "@/lib/portal/ensure-portal-customer";
import { runPortalSignInHook } from "@/lib/portal/portal-sign-in-hook";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { CUSTOMER_CLAIMED_SUBSCRIBERS } from "@/lib/outbox/domain-events";

// Mail goes through the real SMTP sender (lib/auth/send-mail.ts) to a sink on 127.0.0.1.
vi.hoisted(() => {
  process.env.EMAIL_SERVER = "smtp://127.0.0.1:25";
});
let sink: MailSink;
beforeAll(async () => {
  sink = await startMailSink();
  (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer = nodemailer.createTransport({ host: "127.0.0.1", port: sink.smtpPort, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  delete (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer;
  await sink.close();
});
const mailTo = async (to: string): Promise<SinkMessage[]> => (await fetch(`${sink.httpUrl}/?to=${encodeURIComponent(to)}`)).json();

type StaffCtx = Ctx & { actor: { kind: "staff"; userId: string; email: string } };
const newStaff = async (): Promise<StaffCtx> => (await staffCtx()) as StaffCtx;
const pendingFor = async (ctx: Ctx, email = uniqueAcmeEmail("sales"), name: string | null = "Acme Corp") =>
  (await createCustomer(ctx, { name: name ?? undefined, email })).customer;
const tokenOf = (url: string) => decodeURIComponent(new URL(url).pathname.split("/").pop()!);
/** Runs the owner-alert jobs of this customer's claim (the outbox worker would, with retries). */
const runClaimAlert = (customerId: string) => runOutboxOnce({ dedupeKeys: [`${CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert}:${customerId}`] });

describe("owners", () => {
  it("a staff-created customer is owned by its creator; an API-created one by nobody", async () => {
    const staff = await newStaff();
    const customer = await pendingFor(staff);
    expect(customer.ownerId).toBe(staff.actor.userId);
    expect(await getCustomerOwner(staff, customer.id)).toMatchObject({ id: staff.actor.userId, email: staff.actor.email });

    const viaApi = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email: uniqueAcmeEmail() });
    expect(viaApi.customer.ownerId).toBeNull();
  });

  it("staff change the owner (audited with both names), only to a staff member, and end customers may not", async () => {
    const creator = await newStaff();
    const colleague = await createStaffUser({ email: `${unique("sam")}@equinox.test` });
    const customer = await pendingFor(creator);

    const changed = await changeCustomerOwner(creator, { customer_id: customer.id, owner_id: colleague.id });
    expect(changed.ownerId).toBe(colleague.id);
    const event = (await auditEventsOf(customer.id)).find((e) => e.action === "customer.owner_changed");
    expect(event).toMatchObject({
      actorId: creator.actor.userId,
      before: { owner_id: creator.actor.userId, owner_label: "Test Staff" },
      after: { owner_id: colleague.id, owner_label: "Test Staff" },
    });
    expect((await listOwnerOptions(creator)).map((o) => o.id)).toEqual(expect.arrayContaining([creator.actor.userId, colleague.id]));

    const endUser = await createPortalUser();
    await expect(changeCustomerOwner(creator, { customer_id: customer.id, owner_id: endUser.id })).rejects.toMatchObject({ code: "invalid_inputs", field: "owner_id" });
    await expect(changeCustomerOwner(portalCtxOf(endUser), { customer_id: customer.id, owner_id: null })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeCustomerOwner({ ...creator, env: "live" }, { customer_id: customer.id, owner_id: null })).rejects.toMatchObject({ code: "customer_not_found" });

    const cleared = await changeCustomerOwner(creator, { customer_id: customer.id, owner_id: null });
    expect(cleared.ownerId).toBeNull();
  });
});

describe("the Pending view", () => {
  it("lists pending customers with age, owner and last invitation; filters by owner and age; sorts", async () => {
    const owner = await newStaff();
    const other = await newStaff();
    const older = await pendingFor(owner, uniqueAcmeEmail("older"), "Zeta Ltd");
    const newer = await pendingFor(owner, uniqueAcmeEmail("newer"), "Alpha Inc");
    const notMine = await pendingFor(other);
    await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("claims"), email: (await pendingFor(owner)).email! }); // claimed: no longer pending
    await db().customer.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000) } });
    await createCustomerInvitation(owner, { customer_id: newer.id });

    const mine = await listPendingCustomers(owner, { owner: "me" });
    expect(mine.total).toBe(2);
    expect(mine.rows.map((r) => r.id)).toEqual([older.id, newer.id]); // the longest waiting first
    expect(mine.rows[0]).toMatchObject({ ageDays: 40, owner: { id: owner.actor.userId, label: "Test Staff" }, lastInvitation: null });
    expect(mine.rows[1]).toMatchObject({ ageDays: 0, lastInvitation: { sentTo: null, status: "open" } });

    expect((await listPendingCustomers(owner, { owner: owner.actor.userId, sort: "age", dir: "asc" })).rows.map((r) => r.id)).toEqual([newer.id, older.id]);
    expect((await listPendingCustomers(owner, { owner: "me", sort: "name", dir: "asc" })).rows.map((r) => r.name)).toEqual(["Alpha Inc", "Zeta Ltd"]);
    expect((await listPendingCustomers(owner, { owner: "me", sort: "invited", dir: "asc" })).rows.map((r) => r.id)).toEqual([older.id, newer.id]);
    expect((await listPendingCustomers(owner, { owner: "me", sort: "invited", dir: "desc" })).rows.map((r) => r.id)).toEqual([newer.id, older.id]);
    expect((await listPendingCustomers(owner, { owner: "me", min_age_days: 30 })).rows.map((r) => r.id)).toEqual([older.id]);
    expect((await listPendingCustomers(other, { owner: "me" })).rows.map((r) => r.id)).toEqual([notMine.id]);
    expect((await listPendingCustomers(owner, { owner: "me", size: 1, page: 2 })).rows.map((r) => r.id)).toEqual([newer.id]);
    // Another environment sees none of them.
    expect((await listPendingCustomers({ ...owner, env: "live" }, { owner: "me" })).total).toBe(0);
  });
});

describe("invitations", () => {
  it("an emailed link is claimed by whoever signs in with another verified email: the email becomes theirs, the audit keeps the old", async () => {
    const staff = await newStaff();
    const onRecord = uniqueAcmeEmail("cfo");
    const customer = await pendingFor(staff, onRecord);
    const { url, invitation } = await createCustomerInvitation(staff, { customer_id: customer.id, send_to: onRecord });
    expect(invitation).toMatchObject({ status: "open", sentTo: onRecord });
    expect(new Date(invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(13.9 * 24 * 60 * 60 * 1000);
    const [mail] = await mailTo(onRecord);
    expect(mail!.text).toContain(url);
    // Only a hash is stored.
    const stored = await db().customerInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(url));
    expect(await lookUpInvitation(tokenOf(url))).toMatchObject({ status: "open", customerName: "Acme Corp" });

    const other = uniqueAcmeEmail("assistant");
    const user = await createPortalUser({ email: other });
    expect(await runPortalSignInHook(magicLinkSignIn(user), { invitationToken: tokenOf(url) })).toBe("claimed");

    const claimed = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(claimed).toMatchObject({ externalId: user.id, email: other, emailNormalized: other, claimMatchedBy: "invitation" });
    const events = (await auditEventsOf(customer.id)).filter((e) => e.action === "customer.claimed");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ before: { id: null, email: onRecord }, after: { id: user.id, email: other, matched_by: "invitation", invitation_id: invitation.id } });
    expect(await lookUpInvitation(tokenOf(url))).toEqual({ status: "used" });
    expect((await listCustomerInvitations(staff, customer.id))[0]).toMatchObject({ status: "used" });
    // One domain event per claim: one owner-alert job.
    expect(await db().outboxJob.count({ where: { kind: CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert, payload: { path: ["customerId"], equals: customer.id } } })).toBe(1);
  });

  it("is single use: a second person with the used link claims nothing and gets their own customer", async () => {
    const staff = await newStaff();
    const customer = await pendingFor(staff);
    const { url } = await createCustomerInvitation(staff, { customer_id: customer.id });
    const first = await createPortalUser();
    expect((await ensurePortalCustomer(portalCtxOf(first), { emailVerified: true, invitationToken: tokenOf(url) })).invitation).toBe("claimed");

    const second = await createPortalUser();
    const result = await ensurePortalCustomer(portalCtxOf(second), { emailVerified: true, invitationToken: tokenOf(url) });
    expect(result).toMatchObject({ outcome: "created", invitation: "used" });
    expect(result.customer.id).not.toBe(customer.id);
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).externalId).toBe(first.id);
  });

  it("an expired or revoked link claims nothing and says why; a revoked one cannot be used even later", async () => {
    const staff = await newStaff();
    const customer = await pendingFor(staff);
    const expired = await createCustomerInvitation(staff, { customer_id: customer.id, expires_in_days: 1 });
    await db().customerInvitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createCustomerInvitation(staff, { customer_id: customer.id });
    expect(await revokeCustomerInvitation(staff, { invitation_id: revoked.invitation.id })).toMatchObject({ status: "revoked" });
    expect((await auditEventsOf(customer.id)).map((e) => e.action)).toContain("customer.invitation_revoked");

    expect(await lookUpInvitation(tokenOf(expired.url))).toEqual({ status: "expired" });
    expect(await lookUpInvitation(tokenOf(revoked.url))).toEqual({ status: "revoked" });
    expect(await lookUpInvitation("not-a-token")).toEqual({ status: "not_found" });

    for (const [url, why] of [[expired.url, "expired"], [revoked.url, "revoked"]] as const) {
      const user = await createPortalUser();
      expect(await ensurePortalCustomer(portalCtxOf(user), { emailVerified: true, invitationToken: tokenOf(url) })).toMatchObject({ outcome: "created", invitation: why });
    }
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).externalId).toBeNull();
  });

  it("an unverified email never claims through an invitation, and the link stays usable", async () => {
    const staff = await newStaff();
    const customer = await pendingFor(staff);
    const { url } = await createCustomerInvitation(staff, { customer_id: customer.id });
    const user = await createPortalUser({ emailVerified: false });
    const unverifiedOidc = oidcSignIn(user, { email: user.email, email_verified: false });
    expect(await runPortalSignInHook(unverifiedOidc, { invitationToken: tokenOf(url) })).toBe("created");
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).externalId).toBeNull();
    expect(await lookUpInvitation(tokenOf(url))).toMatchObject({ status: "open" });
  });

  it("only pending customers get invitations, only staff create or revoke them, and a link is never shown twice", async () => {
    const staff = await newStaff();
    const customer = await pendingFor(staff);
    const api = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email: uniqueAcmeEmail() });
    await expect(createCustomerInvitation(staff, { customer_id: api.customer.id })).rejects.toMatchObject({ code: "conflict" });
    const endUser = await createPortalUser();
    await expect(createCustomerInvitation(portalCtxOf(endUser), { customer_id: customer.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createCustomerInvitation({ ...staff, env: "live" }, { customer_id: customer.id })).rejects.toMatchObject({ code: "invalid_request" });
    const { invitation } = await createCustomerInvitation(staff, { customer_id: customer.id });
    await expect(revokeCustomerInvitation({ ...staff, env: "live" }, { invitation_id: invitation.id })).rejects.toMatchObject({ code: "not_found" });
    expect(JSON.stringify(await listCustomerInvitations(staff, customer.id))).not.toMatch(/portal\/invite/);
  });
});

describe("claim alerts", () => {
  it("the owner is emailed once when a pending customer is claimed, however it was matched, and the dashboard lists the claim", async () => {
    const owner = await newStaff();
    const atSignIn = await pendingFor(owner, uniqueAcmeEmail("signin"), "Sign-in Co");
    const viaApi = await pendingFor(owner, uniqueAcmeEmail("api"), "Api Co");

    const user = await createPortalUser({ email: atSignIn.email! });
    expect(await runPortalSignInHook(magicLinkSignIn(user), { invitationToken: null })).toBe("claimed");
    const appId = unique("app");
    expect((await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: appId, email: viaApi.email! })).outcome).toBe("claimed");

    expect((await runClaimAlert(atSignIn.id)).done).toBe(1);
    expect((await runClaimAlert(viaApi.id)).done).toBe(1);
    const mails = await mailTo(owner.actor.email);
    expect(mails.map((m) => m.subject).sort()).toEqual(["Api Co just signed up", "Sign-in Co just signed up"]);
    expect(mails.find((m) => m.subject.startsWith("Sign-in"))!.text).toContain("matched by email at sign-in");
    expect(mails.find((m) => m.subject.startsWith("Api"))!.text).toContain(`matched through the API) and now has the id ${appId}`);
    expect(mails[0]!.text).toMatch(/\/customers\/cus_/);

    const recent = await listRecentClaims(owner, { limit: 50 });
    expect(recent.find((c) => c.id === viaApi.id)).toMatchObject({ externalId: appId, matchedBy: "api", owner: "Test Staff" });
    expect(recent.find((c) => c.id === atSignIn.id)).toMatchObject({ matchedBy: "email_at_sign_in" });
    expect(recent.findIndex((c) => c.id === viaApi.id)).toBeLessThan(recent.findIndex((c) => c.id === atSignIn.id));
  });

  it("a customer without an owner claims without an alert (no job at all); a failing mail server is retried, never blocking the claim", async () => {
    const unowned = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: null, email: uniqueAcmeEmail("unowned") });
    expect((await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email: unowned.customer.email! })).outcome).toBe("claimed");
    expect(await db().outboxJob.count({ where: { dedupeKey: `${CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert}:${unowned.customer.id}` } })).toBe(0);

    const owner = await newStaff();
    const customer = await pendingFor(owner);
    const mailer = (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer;
    (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer = nodemailer.createTransport({ host: "127.0.0.1", port: 1, secure: false, ignoreTLS: true });
    try {
      expect((await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("app"), email: customer.email! })).outcome).toBe("claimed");
      expect(await runClaimAlert(customer.id)).toEqual({ done: 0, retried: 1, failed: 0 });
    } finally {
      (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer = mailer;
    }
    await db().outboxJob.updateMany({ where: { dedupeKey: `${CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert}:${customer.id}` }, data: { runAfter: new Date() } });
    expect(await runClaimAlert(customer.id)).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await mailTo(owner.actor.email)).toHaveLength(1);
  });
});
