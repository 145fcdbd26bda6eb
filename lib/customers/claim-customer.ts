// The one claim: a pending customer (no id yet) gets its id, whichever way it was matched (the
// portal's sign-in by verified email, an invitation, the API's get-or-create by email). Every path
// ends here, so a claim always writes the same things in the caller's transaction:
//   - the row: the id, who claimed it and when, how it was matched (claim_matched_by) and, for an
//     invitation accepted with another verified address, that address as the new email;
//   - one audit event `customer.claimed` (after.matched_by; before.email keeps the old address);
//   - one domain event CUSTOMER_CLAIMED (lib/outbox/domain-events.ts) carrying matchedBy: the
//     owner's alert and outbound webhooks subscribe to it;
//   - LINKED_CUSTOMER_CHANGED for a Stripe-linked customer (its autumn_id metadata follows).
// A faster path (a single-statement claim on /v1) must still call this, or write all of the above.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { emitCustomerClaimed, emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { customerSnapshot } from "./customer-snapshot";
import type { ClaimMatch } from "./claim-match";

export type ClaimChanges = {
  externalId: string;
  matchedBy: ClaimMatch;
  /** Filled in only when the pending customer has no name. */
  name?: string | null;
  /** The claimer's verified address, when it differs from the one on record (invitations). */
  email?: string | null;
  invitationId?: string | null;
};

/** Claims `pending`, which the caller found and locked (FOR UPDATE) in `tx` and checked is still pending. */
export async function claimLockedPendingCustomer(tx: Tx, ctx: Ctx, pending: Customer, changes: ClaimChanges): Promise<Customer> {
  if (pending.externalId !== null) throw new Error(`claim: customer ${pending.id} is not pending`);
  const fillName = !pending.name && changes.name ? changes.name : undefined;
  const newEmail = changes.email && normalizeEmail(changes.email) !== pending.emailNormalized ? changes.email : undefined;
  const claimedAt = new Date();
  const claimed = await tx.customer.update({
    where: { id: pending.id },
    data: {
      externalId: changes.externalId,
      ...(fillName ? { name: fillName } : {}),
      ...(newEmail ? { email: newEmail, emailNormalized: normalizeEmail(newEmail) } : {}),
      claimedAt,
      claimedByKind: actorKind(ctx.actor),
      claimedById: actorId(ctx.actor),
      claimedByLabel: actorLabel(ctx.actor),
      claimMatchedBy: changes.matchedBy,
    },
  });
  await recordAuditEvent(tx, ctx, {
    action: "customer.claimed",
    targetType: "customer",
    targetId: claimed.id,
    customerId: claimed.id,
    target: customerSnapshot(claimed),
    before: { id: null, ...(fillName ? { name: pending.name } : {}), ...(newEmail ? { email: pending.email } : {}) },
    after: {
      id: changes.externalId,
      ...(fillName ? { name: fillName } : {}),
      ...(newEmail ? { email: newEmail } : {}),
      matched_by: changes.matchedBy,
      ...(changes.invitationId ? { invitation_id: changes.invitationId } : {}),
    },
  });
  await emitCustomerClaimed(tx, ctx.env, {
    customerId: claimed.id,
    externalId: changes.externalId,
    email: claimed.email,
    previousEmail: newEmail ? pending.email : null,
    matchedBy: changes.matchedBy,
    ownerId: claimed.ownerId,
    invitationId: changes.invitationId ?? null,
    claimedAt: claimedAt.toISOString(),
  });
  // The Stripe customer's autumn_id metadata gets the new id (an event billing reacts to).
  await emitLinkedCustomerChanged(tx, ctx.env, claimed);
  return claimed;
}
