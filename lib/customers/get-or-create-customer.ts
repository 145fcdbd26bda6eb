// Get-or-create, exactly as the API contract says:
//   1. a customer with that id exists: return it, filling in only an empty name or email;
//   2. else, a pending customer (no id yet) has the same normalised email: claim it (it gets the
//      id and keeps its plans, balances and Stripe link);
//   3. else create it. `customer_id: null` creates (or returns) the pending customer of the email.
// Concurrent identical calls end with one customer: creation is INSERT ... ON CONFLICT DO NOTHING,
// a claim locks the pending row, and a claim that collides with a concurrent creation of the same
// id (unique violation) runs the whole function again, which then finds that customer.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Db, type Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { getOrCreateCustomerInput, type GetOrCreateCustomerData, type GetOrCreateCustomerInput } from "./schemas";
import { findCustomerByExternalIdOrAlias, findPendingCustomerByEmail } from "./customer-queries";
import { customerSnapshot } from "./customer-snapshot";
import { insertCustomer, type NewCustomer } from "./insert-customer";
import { createUnlessPending } from "./create-customer-statement";
import { customerTransaction } from "./customer-transaction";
import { shapeCustomer } from "./shape-customers";
import { toApiCustomer, type ApiCustomer } from "./customer-object";
import { emptyEntitlements } from "@/lib/entitlements/types";
import { emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { emitCustomerUpdated } from "@/lib/outbox/public-events";
import { stripeLinks } from "./stripe-link-port";
import { claimInOneStatement, claimLockedPendingCustomer, type PendingCustomer } from "./claim-customer";
import { CUSTOMER_INDEXES, uniqueViolation } from "./db-conflicts";
import { emailClaimMatch } from "./claim-match";

export type GetOrCreateOutcome = "existing" | "filled_in" | "claimed" | "created";
export type GetOrCreateResult = {
  customer: Customer;
  outcome: GetOrCreateOutcome;
  /** Created just now with no plan and no balance: the customer object needs no read. */
  bare?: boolean;
};

/** The API's get-or-create: the customer object. */
export async function getOrCreateCustomer(ctx: Ctx, input: GetOrCreateCustomerInput): Promise<ApiCustomer> {
  const { customer, bare } = await getOrCreateCustomerRecord(ctx, input);
  return bare ? toApiCustomer(customer, emptyEntitlements()) : shapeCustomer(db(), customer);
}

/** Get-or-create for callers that want the row and what happened (the sign-in hook, tests). */
export async function getOrCreateCustomerRecord(ctx: Ctx, input: GetOrCreateCustomerInput): Promise<GetOrCreateResult> {
  authorize(ctx, "customers:write");
  const data = getOrCreateCustomerInput.parse(input);

  // The common case (called on every sign-in): the customer exists and there is nothing to fill
  // in. One indexed read, no transaction, no lock.
  const emailNormalized = normalizeEmail(data.email);
  const known = await findTarget(db(), ctx, data, emailNormalized);
  if (known && Object.keys(fillIns(known, data)).length === 0) return withStripeOptions(ctx, data, { customer: known, outcome: "existing" });

  // A new id and nothing more to do than write the row and its audit event: one statement. When
  // the email's pending customer answers instead, it is claimed by one more (a Stripe-linked one,
  // or one changed meanwhile, goes to the transaction below, as does a concurrent creation of the id).
  if (!known && data.customer_id !== null && !data.stripe_id && !data.create_in_stripe) {
    const { created, pending } = await createUnlessPending(ctx, newCustomer(data, data.customer_id), emailNormalized);
    if (created) return { customer: created, outcome: "created", bare: true };
    const claimed = pending && (await claimInOneStatementUnlessTaken(ctx, pending, data.customer_id, data));
    if (claimed) return { customer: claimed, outcome: "claimed" };
  }

  // A new customer linked to an existing Stripe customer: Stripe must have it (400 otherwise).
  if (!known && data.stripe_id) await stripeLinks().verifyStripeCustomer(ctx.env, data.stripe_id);
  const result = await customerTransaction(async (tx) => {
    const attempt = await attemptGetOrCreate(tx, ctx, data, emailNormalized);
    // A new link, or a filled-in name or email, reaches the Stripe customer (an event billing reacts to; claims emit it themselves).
    if (attempt.outcome === "created" || attempt.outcome === "filled_in") await emitLinkedCustomerChanged(tx, ctx.env, attempt.customer);
    return attempt;
  });
  return withStripeOptions(ctx, data, result);
}

/** `create_in_stripe: true`: the Stripe customer is made now, after the commit (a retry of the call finishes a failed one). */
async function withStripeOptions(ctx: Ctx, data: GetOrCreateCustomerData, result: GetOrCreateResult): Promise<GetOrCreateResult> {
  if (!data.create_in_stripe || result.customer.stripeId) return result;
  return { ...result, customer: await stripeLinks().createInStripe(ctx, result.customer.id) };
}

/** The customer the call names: by its id, or (customer_id: null) the pending customer of the email. `lock` in a transaction. */
function findTarget(client: Db | Tx, ctx: Ctx, data: GetOrCreateCustomerData, email: NormalizedEmail | null, options: { lock?: boolean } = {}) {
  // A merged customer's id answers as the survivor (customer_aliases), never as a new customer.
  return data.customer_id !== null
    ? findCustomerByExternalIdOrAlias(client, ctx.env, data.customer_id, options)
    : findPendingCustomerByEmail(client, ctx.env, email, options);
}

async function attemptGetOrCreate(tx: Tx, ctx: Ctx, data: GetOrCreateCustomerData, emailNormalized: NormalizedEmail | null): Promise<GetOrCreateResult> {
  const existing = await findTarget(tx, ctx, data, emailNormalized, { lock: true });
  if (existing) return fillInExisting(tx, ctx, existing, data);

  if (data.customer_id !== null && emailNormalized) {
    const claimed = await claimPendingCustomer(tx, ctx, data.customer_id, emailNormalized, data);
    if (claimed) return { customer: claimed, outcome: "claimed" };
  }

  const created = await insertCustomer(tx, ctx, newCustomer(data, data.customer_id));
  if (created) return { customer: created, outcome: "created" };

  // A concurrent call created it first and has committed: this statement sees its row.
  const winner = await findTarget(tx, ctx, data, emailNormalized, { lock: true });
  if (!winner) throw new Error("get-or-create: the insert conflicted but no customer was found");
  return fillInExisting(tx, ctx, winner, data);
}

function newCustomer<Id extends string | null>(data: GetOrCreateCustomerData, externalId: Id): NewCustomer & { externalId: Id } {
  return {
    externalId,
    name: data.name,
    email: data.email,
    fingerprint: data.fingerprint,
    stripeId: data.stripe_id,
    metadata: data.metadata,
    sendEmailReceipts: data.send_email_receipts,
  };
}

/** The fields get-or-create may change on an existing customer: an empty name or email only. */
function fillIns(customer: Customer, data: GetOrCreateCustomerData): { name?: string; email?: string } {
  const changes: { name?: string; email?: string } = {};
  if (!customer.name && data.name) changes.name = data.name;
  if (!customer.email && data.email) changes.email = data.email;
  return changes;
}

async function fillInExisting(tx: Tx, ctx: Ctx, customer: Customer, data: GetOrCreateCustomerData): Promise<GetOrCreateResult> {
  const changes = fillIns(customer, data);
  if (Object.keys(changes).length === 0) return { customer, outcome: "existing" };
  const updated = await tx.customer.update({
    where: { id: customer.id },
    data: { ...changes, ...(changes.email ? { emailNormalized: normalizeEmail(changes.email) } : {}) },
  });
  await recordAuditEvent(tx, ctx, {
    action: "customer.updated",
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: { ...customerSnapshot(updated), via: "get_or_create" },
    before: Object.fromEntries(Object.keys(changes).map((field) => [field, customer[field as keyof typeof changes]])),
    after: changes,
  });
  await emitCustomerUpdated(tx, updated, Object.keys(changes));
  return { customer: updated, outcome: "filled_in" };
}

/** The one-statement claim; undefined when a concurrent call created the id first (the transaction then finds that customer). */
async function claimInOneStatementUnlessTaken(ctx: Ctx, pending: PendingCustomer, externalId: string, data: GetOrCreateCustomerData): Promise<Customer | undefined> {
  try {
    return await claimInOneStatement(ctx, pending, { externalId, name: data.name, matchedBy: emailClaimMatch(ctx.actor) });
  } catch (error) {
    if (uniqueViolation(error) === CUSTOMER_INDEXES.externalId) return undefined;
    throw error;
  }
}

/**
 * Gives the pending customer of this email the id, if there is one. The pending row is locked
 * (FOR UPDATE, not SKIP LOCKED: a pending row that is merely being edited must still be found);
 * a concurrent claimer waits here, then sees the row is no longer pending and creates its own.
 */
export async function claimPendingCustomer(
  tx: Tx,
  ctx: Ctx,
  externalId: string,
  emailNormalized: NormalizedEmail,
  data: Pick<GetOrCreateCustomerData, "name"> = {},
): Promise<Customer | undefined> {
  const pending = await findPendingCustomerByEmail(tx, ctx.env, emailNormalized, { lock: true });
  if (!pending) return undefined;
  // The one claim (row, audit, CUSTOMER_CLAIMED and Stripe events): matched by email, at sign-in or through the API.
  return claimLockedPendingCustomer(tx, ctx, pending, { externalId, name: data.name, matchedBy: emailClaimMatch(ctx.actor) });
}
