// Makes sure a signed-in end customer has their customer, through the same building blocks as
// /v1/customers.get_or_create (claimPendingCustomer, insertCustomer, customerTransaction). Called
// by the sign-in hook and again on every portal visit, so a hook that failed is simply completed
// later. Decisions, in order (the first that applies wins):
//
//   1. a customer is tied to the user (its id is the user's id, or it was linked to the user)
//      → nothing to do;
//   2. verified email, and exactly one customer WITH an id has this normalised email and is
//      nobody's yet (not linked, and its id is not a portal user's: an application claimed it
//      through the API) → link it to the user, keeping its id;
//   3. verified email, and the pending customer of this email exists → claim it: its id becomes
//      the user's id (plans, balances and Stripe link stay);
//   4. otherwise → create a customer with the user's id and email.
//
// Before all of these (once the user has no customer yet): an invitation the user opened in this
// browser (its token, from the cookie the invitation page set) claims its pending customer with
// the user's verified email, whatever the address (lib/customers/invitations.ts).
//
// An unverified email never links or claims (step 4 directly, with a warning in the log): an
// address nobody proved must not hand over someone else's plans.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import { db, type Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { NormalizedEmail } from "@/lib/email/normalize-email";
import { claimPendingCustomer } from "@/lib/customers/get-or-create-customer";
import { insertCustomer } from "@/lib/customers/insert-customer";
import { customerTransaction } from "@/lib/customers/customer-transaction";
import { customerSnapshot } from "@/lib/customers/customer-snapshot";
import { findPortalUserCustomer, linkCustomerToPortalUser, lockUnlinkedCustomersWithEmail } from "@/lib/customers/customer-queries";
import { claimCustomerByInvitation, type InvitationClaim } from "@/lib/customers/invitations";
import type { PortalCtx } from "./portal-ctx";

export type PortalCustomerOutcome = "existing" | "linked" | "claimed" | "created";
export type PortalCustomerResult = {
  outcome: PortalCustomerOutcome;
  customer: Customer;
  /** With an invitation token: "claimed", or why the invitation claimed nothing (used, revoked, expired...). */
  invitation?: "claimed" | Extract<InvitationClaim, { refused: unknown }>["refused"] | "email_not_verified";
};

export type EnsurePortalCustomerInput = {
  name?: string | null;
  /**
   * Whether the user's email is proven: the sign-in hook knows it from the sign-in itself; a
   * portal visit passes a function that reads it from the stored sign-ins, called only when there
   * is something to decide (the common case, a tied customer, needs no answer).
   */
  emailVerified: boolean | (() => Promise<boolean>);
  /** The token of an invitation the user opened before signing in (the invitation cookie), if any. */
  invitationToken?: string | null;
};

type Attempt = {
  userId: string;
  name: string | null;
  email: string | null;
  emailNormalized: NormalizedEmail | null;
  verified: boolean;
  invitationToken: string | null;
};

export async function ensurePortalCustomer(ctx: PortalCtx, input: EnsurePortalCustomerInput): Promise<PortalCustomerResult> {
  const userId = ctx.actor.userId;
  // Every sign-in and portal visit after the first: one indexed read, no transaction.
  const tied = await findPortalUserCustomer(db(), ctx.env, userId);
  if (tied) return { outcome: "existing", customer: tied };

  const email = ctx.actor.email?.trim() || null;
  const emailNormalized = ctx.emailNormalized;
  const verified = emailNormalized !== null && (typeof input.emailVerified === "function" ? await input.emailVerified() : input.emailVerified);
  const attempt: Attempt = { userId, name: input.name?.trim() || null, email, emailNormalized, verified, invitationToken: input.invitationToken || null };

  const result = await customerTransaction((tx) => attemptEnsure(tx, ctx, attempt));
  if (result.outcome === "created" && emailNormalized && !verified) {
    console.warn(
      `[portal] user ${userId}: email not verified, so customer ${result.customer.id} was created without claiming or linking any existing customer`,
    );
  }
  return result;
}

async function attemptEnsure(tx: Tx, ctx: PortalCtx, data: Attempt): Promise<PortalCustomerResult> {
  // One decision at a time per user: the sign-in hook and a portal visit (or two tabs) may run
  // together, and without this the second could link or create a second customer while the first
  // is committing. The second waits here, then finds the first one's customer below.
  await tx.$queryRaw`select pg_advisory_xact_lock(hashtextextended(${`portal-customer:${ctx.env}:${data.userId}`}, 0))::text`;

  const tied = await findPortalUserCustomer(tx, ctx.env, data.userId, { lock: true });
  if (tied) return { outcome: "existing", customer: tied };

  let invitation: PortalCustomerResult["invitation"];
  if (data.invitationToken) {
    if (data.verified && data.email) {
      const result = await claimCustomerByInvitation(tx, ctx, data.invitationToken, { userId: data.userId, email: data.email, name: data.name });
      if ("claimed" in result) return { outcome: "claimed", customer: result.claimed, invitation: "claimed" };
      invitation = result.refused;
    } else {
      invitation = "email_not_verified";
    }
  }

  if (data.verified && data.emailNormalized) {
    const linked = await linkCustomerClaimedByApplication(tx, ctx, data.emailNormalized);
    if (linked) return { outcome: "linked", customer: linked, invitation };

    // Locks the pending row: of two users racing for it, the second finds it no longer pending.
    const claimed = await claimPendingCustomer(tx, ctx, data.userId, data.emailNormalized, { name: data.name });
    if (claimed) return { outcome: "claimed", customer: claimed, invitation };
  }

  const created = await insertCustomer(tx, ctx, { externalId: data.userId, name: data.name, email: data.email });
  if (created) return { outcome: "created", customer: created, invitation };

  // An application created a customer with this very id at the same moment (get_or_create with
  // the user's id, as the README shows): that customer is the user's.
  const winner = await findPortalUserCustomer(tx, ctx.env, data.userId, { lock: true });
  if (!winner) throw new Error(`portal customer of user ${data.userId}: the insert conflicted but no customer was found`);
  return { outcome: "existing", customer: winner };
}

/**
 * Links the user to the customer an application already gave an id to (through the API) with
 * this email. Only an unambiguous match is linked: two customers with ids and this email means
 * the application keeps several records for the address, and picking one could show this person
 * someone else's plans.
 */
async function linkCustomerClaimedByApplication(tx: Tx, ctx: PortalCtx, emailNormalized: NormalizedEmail): Promise<Customer | null> {
  const candidates = await lockUnlinkedCustomersWithEmail(tx, ctx.env, emailNormalized);
  if (candidates.length === 0) return null;
  if (candidates.length > 1) {
    console.warn(
      `[portal] user ${ctx.actor.userId}: ${candidates.length} customers with ids share the verified email, so none was linked (${candidates
        .map((c) => c.id)
        .join(", ")})`,
    );
    return null;
  }

  const customer = candidates[0]!;
  const linked = await linkCustomerToPortalUser(tx, customer.id, ctx.actor.userId);
  await recordAuditEvent(tx, ctx, {
    action: "customer.linked",
    targetType: "customer",
    targetId: linked.id,
    customerId: linked.id,
    target: { ...customerSnapshot(linked), via: "portal_sign_in" },
    before: { linked_user_id: null },
    after: { linked_user_id: ctx.actor.userId },
  });
  return linked;
}
