// Invitations to claim a pending customer (issue 17, item 3). Staff create one from a pending
// customer: emailed through the SMTP sender, or only shown so they can copy it. The link opens the
// portal's invitation page (/portal/invite/<token>); whoever then signs in with a verified email,
// whatever the address, claims that customer through the one claim function (claim-customer.ts,
// matched by "invitation"), and the customer's email becomes the verified one (the audit keeps the
// old). A link is single use, expires (14 days by default) and can be revoked; only a SHA-256 of
// its token is stored, so the table cannot hand out working links.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Customer, CustomerInvitation, Env } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { customerNotFound, DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { sendMail } from "@/lib/auth/send-mail";
import { customerSnapshot } from "./customer-snapshot";
import { findCustomerById, knownCustomerById, type KnownCustomerArg } from "./customer-queries";
import { claimLockedPendingCustomer } from "./claim-customer";
import { customerInvitationEmail } from "./customer-emails";
import { createInvitationInput, revokeInvitationInput, type CreateInvitationInput, type RevokeInvitationInput } from "./follow-up-schemas";

export const INVITATION_PATH = "/portal/invite";

export type InvitationStatus = "open" | "used" | "revoked" | "expired" | "claimed";

export type InvitationView = {
  id: string;
  customerId: string;
  sentTo: string | null;
  createdAt: string;
  expiresAt: string;
  createdBy: string | null;
  status: InvitationStatus;
  usedAt: string | null;
  revokedAt: string | null;
};

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const invitationUrl = (token: string) => new URL(`${INVITATION_PATH}/${encodeURIComponent(token)}`, env().APP_URL).toString();

export function invitationStatus(invitation: Pick<CustomerInvitation, "usedAt" | "revokedAt" | "expiresAt">, customerPending: boolean, now = new Date()): InvitationStatus {
  if (invitation.usedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  if (!customerPending) return "claimed";
  if (invitation.expiresAt.getTime() <= now.getTime()) return "expired";
  return "open";
}

function toView(invitation: CustomerInvitation, customerPending: boolean): InvitationView {
  return {
    id: invitation.id,
    customerId: invitation.customerId,
    sentTo: invitation.sentTo,
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    createdBy: invitation.createdByLabel,
    status: invitationStatus(invitation, customerPending),
    usedAt: invitation.usedAt?.toISOString() ?? null,
    revokedAt: invitation.revokedAt?.toISOString() ?? null,
  };
}

const notPending = () => new DomainError("conflict", "This customer already has an id: invitations are for pending customers only");

/**
 * Creates an invitation for a pending customer and, with `send_to`, emails it. The link (with its
 * token) is returned once, for staff to copy; it cannot be shown again. The email is sent inside
 * the transaction: if the mail server refuses it, no invitation exists.
 */
export async function createCustomerInvitation(ctx: Ctx, input: CreateInvitationInput): Promise<{ invitation: InvitationView; url: string }> {
  authorize(ctx, "customers:write");
  const data = createInvitationInput.parse(input);
  // The portal signs people in to one environment only: a link elsewhere could never be claimed.
  if (ctx.env !== env().PORTAL_ENV) {
    throw new DomainError("invalid_request", `Invitations claim customers through the portal, which works in the ${env().PORTAL_ENV} environment`);
  }
  const token = randomBytes(32).toString("base64url");
  const url = invitationUrl(token);
  const expiresAt = new Date(Date.now() + data.expires_in_days * 24 * 60 * 60 * 1000);

  const invitation = await db().$transaction(async (tx) => {
    const customer = await findCustomerById(tx, ctx.env, data.customer_id, { lock: true });
    if (!customer) throw customerNotFound(data.customer_id);
    if (customer.externalId !== null) throw notPending();
    const created = await tx.customerInvitation.create({
      data: {
        id: newId("inv"),
        env: ctx.env,
        customerId: customer.id,
        tokenHash: hashInvitationToken(token),
        sentTo: data.send_to ?? null,
        expiresAt,
        createdByKind: actorKind(ctx.actor),
        createdById: actorId(ctx.actor),
        createdByLabel: actorLabel(ctx.actor),
      },
    });
    await recordAuditEvent(tx, ctx, {
      action: "customer.invitation_sent",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
      target: { ...customerSnapshot(customer), invitation_id: created.id },
      after: { invitation_id: created.id, sent_to: created.sentTo, expires_at: expiresAt.toISOString() },
    });
    if (data.send_to) {
      await sendMail({
        to: data.send_to,
        ...customerInvitationEmail({ url, customerName: customer.name || "your company", invitedBy: actorLabel(ctx.actor), expiresAt }),
      });
    }
    return created;
  });
  return { invitation: toView(invitation, true), url };
}

export async function revokeCustomerInvitation(ctx: Ctx, input: RevokeInvitationInput): Promise<InvitationView> {
  authorize(ctx, "customers:write");
  const data = revokeInvitationInput.parse(input);
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      select id from customer_invitations where id = ${data.invitation_id} and env = ${ctx.env}::"Env" for update`;
    if (!rows[0]) throw new DomainError("not_found", `Invitation ${data.invitation_id} not found`);
    const invitation = await tx.customerInvitation.findUniqueOrThrow({ where: { id: data.invitation_id }, include: { customer: true } });
    const pending = invitation.customer.externalId === null;
    if (invitation.usedAt) throw new DomainError("conflict", "This invitation was used already: it cannot be revoked");
    if (invitation.revokedAt) return toView(invitation, pending);
    const revoked = await tx.customerInvitation.update({
      where: { id: invitation.id },
      data: { revokedAt: new Date(), revokedByLabel: actorLabel(ctx.actor) },
    });
    await recordAuditEvent(tx, ctx, {
      action: "customer.invitation_revoked",
      targetType: "customer",
      targetId: invitation.customerId,
      customerId: invitation.customerId,
      target: { ...customerSnapshot(invitation.customer), invitation_id: invitation.id },
      before: { revoked: false },
      after: { revoked: true, invitation_id: invitation.id, sent_to: invitation.sentTo },
    });
    return toView(revoked, pending);
  });
}

/** A customer's invitations, newest first. `known`: the customer as its page already read it (not read again). */
export async function listCustomerInvitations(ctx: Ctx, customerId: string, options: { known?: KnownCustomerArg } = {}): Promise<InvitationView[]> {
  authorize(ctx, "customers:read");
  const customer =
    (await knownCustomerById(ctx.env, customerId, options.known)) ??
    (await db().customer.findFirst({ where: { id: customerId, env: ctx.env }, select: { externalId: true } }));
  if (!customer) throw customerNotFound(customerId);
  const invitations = await db().customerInvitation.findMany({ where: { customerId, env: ctx.env }, orderBy: { createdAt: "desc" }, take: 50 });
  return invitations.map((invitation) => toView(invitation, customer.externalId === null));
}

export type InvitationLookup =
  | { status: "open"; invitationId: string; customerName: string | null; expiresAt: Date }
  | { status: Exclude<InvitationStatus, "open"> | "not_found" };

/**
 * What the invitation page shows for a token, before anyone signs in: nothing about the customer
 * unless the link still works. Read-only; the token itself is the permission.
 */
export async function lookUpInvitation(token: string, portalEnv: Env = env().PORTAL_ENV): Promise<InvitationLookup> {
  if (!token || token.length > 200) return { status: "not_found" };
  const invitation = await db().customerInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { customer: { select: { name: true, externalId: true } } },
  });
  if (!invitation || invitation.env !== portalEnv) return { status: "not_found" };
  const status = invitationStatus(invitation, invitation.customer.externalId === null);
  if (status !== "open") return { status };
  return { status: "open", invitationId: invitation.id, customerName: invitation.customer.name, expiresAt: invitation.expiresAt };
}

export type InvitationClaim = { claimed: Customer } | { refused: Exclude<InvitationLookup["status"], "open"> };

/**
 * The invitation step of the portal's sign-in (lib/portal/ensure-portal-customer.ts calls it, in
 * its transaction, for a user whose email is verified and who has no customer yet): the pending
 * customer of a working invitation gets the user's id and verified email. A used, revoked or
 * expired link, or a customer no longer pending, claims nothing.
 */
export async function claimCustomerByInvitation(
  tx: Tx,
  ctx: Ctx,
  token: string,
  claimer: { userId: string; email: string; name: string | null },
): Promise<InvitationClaim> {
  if (ctx.actor.kind !== "end_customer") throw new Error("claimCustomerByInvitation: only a signed-in end customer claims by invitation");
  const rows = await tx.$queryRaw<{ id: string; customer_id: string }[]>`
    select id, customer_id from customer_invitations where token_hash = ${hashInvitationToken(token)} and env = ${ctx.env}::"Env" for update`;
  const row = rows[0];
  if (!row) return { refused: "not_found" };
  const invitation = await tx.customerInvitation.findUniqueOrThrow({ where: { id: row.id } });
  const customer = await findCustomerById(tx, ctx.env, row.customer_id, { lock: true });
  if (!customer) return { refused: "not_found" };
  const status = invitationStatus(invitation, customer.externalId === null);
  if (status !== "open") return { refused: status };

  const claimed = await claimLockedPendingCustomer(tx, ctx, customer, {
    externalId: claimer.userId,
    name: claimer.name,
    email: claimer.email,
    matchedBy: "invitation",
    invitationId: invitation.id,
  });
  await tx.customerInvitation.update({ where: { id: invitation.id }, data: { usedAt: new Date(), usedByUserId: claimer.userId } });
  return { claimed };
}
