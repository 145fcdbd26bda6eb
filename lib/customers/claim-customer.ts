// The one claim: a pending customer (no id yet) gets its id, whichever way it was matched (the
// portal's sign-in by verified email, an invitation, the API's get-or-create by email). Every path
// ends here, so a claim always writes the same things (claimWrites decides them all):
//   - the row: the id, who claimed it and when, how it was matched (claim_matched_by) and, for an
//     invitation accepted with another verified address, that address as the new email;
//   - one audit event `customer.claimed` (after.matched_by; before.email keeps the old address);
//   - one domain event CUSTOMER_CLAIMED (lib/outbox/domain-events.ts) carrying matchedBy: the
//     owner's alert, outbound webhooks and waiting invoice billing subscribe to it, each with a job
//     only when it has something to do (an owner, an endpoint listening, billing waiting);
//   - LINKED_CUSTOMER_CHANGED for a Stripe-linked customer (its autumn_id metadata follows).
// Two ways to write them: claimLockedPendingCustomer in the caller's transaction (the sign-in, an
// invitation, get-or-create's transaction), and claimInOneStatement, /v1 get-or-create's single
// round trip for a pending customer without a Stripe link.
import "server-only";
import { Prisma, type Customer } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { preparedName } from "@/lib/db-rows";
import { auditEventInsert, recordAuditEvent, type AuditInput } from "@/lib/audit/record-audit-event";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { customerClaimedJobs, emitCustomerClaimed, emitLinkedCustomerChanged, type CustomerClaimed } from "@/lib/outbox/domain-events";
import { outboxJobsInsert } from "@/lib/outbox/enqueue-outbox-job";
import { runWriteStatement } from "@/lib/request-transaction";
import { CUSTOMER_COLUMNS } from "./customer-queries";
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

/** What a pending customer's row must still hold for a claim decided on it to be written as decided. */
export type PendingCustomer = Pick<Customer, "id" | "externalId" | "name" | "email" | "emailNormalized" | "stripeId" | "ownerId">;

/** Everything one claim writes: the row's new values, and its audit event and domain event given the claimed row. */
export function claimWrites(ctx: Ctx, pending: PendingCustomer, changes: ClaimChanges, claimedAt: Date) {
  if (pending.externalId !== null) throw new Error(`claim: customer ${pending.id} is not pending`);
  const fillName = !pending.name && changes.name ? changes.name : undefined;
  const newEmail = changes.email && normalizeEmail(changes.email) !== pending.emailNormalized ? changes.email : undefined;
  const fields = {
    externalId: changes.externalId,
    ...(fillName ? { name: fillName } : {}),
    ...(newEmail ? { email: newEmail, emailNormalized: normalizeEmail(newEmail) } : {}),
    claimedAt,
    claimedByKind: actorKind(ctx.actor),
    claimedById: actorId(ctx.actor),
    claimedByLabel: actorLabel(ctx.actor),
    claimMatchedBy: changes.matchedBy,
  };
  const audit = (claimed: PendingCustomer): AuditInput => ({
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
  const event = (claimed: PendingCustomer): CustomerClaimed => ({
    customerId: claimed.id,
    externalId: changes.externalId,
    email: claimed.email,
    previousEmail: newEmail ? pending.email : null,
    matchedBy: changes.matchedBy,
    ownerId: claimed.ownerId,
    invitationId: changes.invitationId ?? null,
    claimedAt: claimedAt.toISOString(),
  });
  // The claimed row as the update leaves it (what the one-statement claim writes its events from).
  const claimedRow: PendingCustomer = { ...pending, externalId: changes.externalId, name: fillName ?? pending.name, ...(newEmail ? { email: newEmail, emailNormalized: normalizeEmail(newEmail) } : {}) };
  return { fields, audit, event, claimedRow };
}

/** Claims `pending`, which the caller found and locked (FOR UPDATE) in `tx` and checked is still pending. */
export async function claimLockedPendingCustomer(tx: Tx, ctx: Ctx, pending: Customer, changes: ClaimChanges): Promise<Customer> {
  const writes = claimWrites(ctx, pending, changes, new Date());
  const claimed = await tx.customer.update({ where: { id: pending.id }, data: writes.fields });
  await recordAuditEvent(tx, ctx, writes.audit(claimed));
  await emitCustomerClaimed(tx, ctx.env, writes.event(claimed));
  // The Stripe customer's autumn_id metadata gets the new id (an event billing reacts to).
  await emitLinkedCustomerChanged(tx, ctx.env, claimed);
  return claimed;
}

/**
 * The claim as ONE statement (no interactive transaction): the row's update, its audit event and
 * CUSTOMER_CLAIMED's jobs in data-modifying CTEs, for a pending customer read just before without
 * a lock. The update happens only while the row still holds what the claim was decided on (still
 * pending, same name, email, owner and no Stripe link): PostgreSQL re-checks that on the row's
 * newest version after waiting for a concurrent writer, so of two racing claimers one claims and
 * the other gets undefined, as it does when anything changed: the caller then runs the
 * transaction. A Stripe-linked customer (which also emits LINKED_CUSTOMER_CHANGED) is left to it.
 * A concurrent creation of the same id raises the unique violation, as the transaction would.
 * With an Idempotency-Key it runs on the request's transaction (lib/request-transaction.ts).
 */
export async function claimInOneStatement(ctx: Ctx, pending: PendingCustomer, changes: ClaimChanges): Promise<Customer | undefined> {
  if (pending.stripeId !== null) return undefined;
  const claimedAt = new Date();
  const writes = claimWrites(ctx, pending, changes, claimedAt);
  const f = writes.fields;
  const jobs = outboxJobsInsert(customerClaimedJobs(ctx.env, writes.event(writes.claimedRow)), "claimed");
  const statement = Prisma.sql`
    with claimed as (
      update customers c
         set external_id = ${f.externalId}, name = ${writes.claimedRow.name}, email = ${writes.claimedRow.email},
             email_normalized = ${writes.claimedRow.emailNormalized}, claimed_at = ${claimedAt.toISOString()}::timestamptz,
             claimed_by_kind = ${f.claimedByKind}::"ActorKind", claimed_by_id = ${f.claimedById}, claimed_by_label = ${f.claimedByLabel},
             claim_matched_by = ${f.claimMatchedBy}, updated_at = ${claimedAt.toISOString()}::timestamptz
       where c.id = ${pending.id} and c.env = ${ctx.env}::"Env" and c.external_id is null and c.stripe_id is null
         and c.name is not distinct from ${pending.name} and c.email is not distinct from ${pending.email}
         and c.email_normalized is not distinct from ${pending.emailNormalized} and c.owner_id is not distinct from ${pending.ownerId}
      returning ${CUSTOMER_COLUMNS}),
    audit as (${auditEventInsert(ctx, writes.audit(writes.claimedRow), "claimed")}),
    replaced_jobs as (${jobs.dedupe}),
    jobs as (${jobs.insert})
    select * from claimed`;
  const { rows } = await runWriteStatement((client) => client.query<Customer>({ name: preparedName(statement.text), text: statement.text, values: statement.values as unknown[] }));
  return rows[0];
}
