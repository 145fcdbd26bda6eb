// The Stripe customer of an Equinox customer, created on first need (a paid attach, the customer
// portal, setup payment, `create_in_stripe`, the dashboard's "Create in Stripe").
//
// Exactly one Stripe customer, however many calls race: the customer row is locked (FOR NO KEY
// UPDATE: it does not block usage inserts, whose foreign-key checks take KEY SHARE) while Stripe is
// asked, so concurrent callers wait and then find the link. Retries are covered by Stripe's
// idempotency: the key is derived from the customer and the number of Stripe customers Equinox
// already made for it, so a retry after a failure (even after Stripe created the customer but the
// link was not saved) gets the same Stripe customer back, while a customer whose Stripe customer
// was deleted later gets a fresh one instead of a replay of the deleted one.
import "server-only";
import { createHash } from "node:crypto";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerSnapshot } from "@/lib/customers/customer-snapshot";
import { findCustomerById, lockCustomerRowForGrantChange, setCustomerStripeId } from "@/lib/customers/customer-queries";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";
import { unlinkStripeCustomer } from "./unlink-stripe-customer";
import { stripeCustomerCreateParams } from "./stripe-customer-fields";
import { STRIPE_AUDIT } from "./audit-actions";

// Long enough for one Stripe call with its retry (see stripe-client.ts), queued behind others.
const TRANSACTION_OPTIONS = { maxWait: 20_000, timeout: 40_000 } as const;

export function stripeCustomerIdempotencyKey(customerId: string, generation: number): string {
  return `equinox-customer-create-${customerId}-${generation}`;
}

/** The customer (by internal id, in ctx.env) with a Stripe customer: the existing link, or a new one. */
export async function ensureStripeCustomer(ctx: Ctx, customerId: string): Promise<Customer & { stripeId: string }> {
  const current = await findCustomerById(db(), ctx.env, customerId);
  if (!current) throw customerNotFound(customerId);
  if (current.stripeId) return current as Customer & { stripeId: string };
  return db().$transaction((tx) => createLinkedStripeCustomer(tx, ctx, customerId), TRANSACTION_OPTIONS);
}

/** A Stripe call's answer that the customer it names does not exist (any more). */
function isMissingStripeCustomer(error: unknown): boolean {
  const cause = error instanceof Error && error.cause ? error.cause : error;
  return isStripeResourceMissing(cause) && (cause as { param?: unknown }).param === "customer";
}

/**
 * Runs `call` with the customer's Stripe customer. When Stripe says that customer does not exist
 * (deleted while its webhook went missing, or a development emulator that restarted empty), the
 * stale link is removed, audited, and `call` runs once more with a fresh Stripe customer.
 */
export async function withStripeCustomer<T>(ctx: Ctx, customerId: string, call: (customer: Customer & { stripeId: string }) => Promise<T>): Promise<T> {
  const customer = await ensureStripeCustomer(ctx, customerId);
  try {
    return await call(customer);
  } catch (error) {
    if (!isMissingStripeCustomer(error)) throw error;
    await db().$transaction((tx) => unlinkStripeCustomer(tx, ctx, customer.stripeId, "missing in Stripe"));
    return call(await ensureStripeCustomer(ctx, customerId));
  }
}

async function createLinkedStripeCustomer(tx: Tx, ctx: Ctx, customerId: string): Promise<Customer & { stripeId: string }> {
  // FOR NO KEY UPDATE: concurrent callers wait here and then find the link; usage inserts do not.
  const customer = await lockCustomerRowForGrantChange(tx, ctx.env, customerId);
  if (!customer) throw customerNotFound(customerId);
  if (customer.stripeId) return customer as Customer & { stripeId: string };

  const generation = await tx.auditEvent.count({ where: { env: ctx.env, customerId, action: STRIPE_AUDIT.customerCreated } });
  const stripeCustomer = await createInStripe(ctx, customer, generation);

  const linked = await setCustomerStripeId(tx, customer.id, stripeCustomer.id);
  await recordAuditEvent(tx, ctx, {
    action: STRIPE_AUDIT.customerCreated,
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: customerSnapshot(linked),
    before: { stripe_id: null },
    after: { stripe_id: stripeCustomer.id },
  });
  return linked as Customer & { stripeId: string };
}

async function createInStripe(ctx: Ctx, customer: Customer, generation: number) {
  const stripe = stripeFor(ctx.env);
  const params = stripeCustomerCreateParams(customer);
  const key = stripeCustomerIdempotencyKey(customer.id, generation);
  try {
    return await stripe.customers.create(params, { idempotencyKey: key });
  } catch (error) {
    // The key was used by an attempt that Stripe carried out but whose link was never saved (the
    // process stopped in between), and the name or email changed since. That attempt's customer
    // is orphaned either way; a key that includes the details lets this one through.
    if ((error as { type?: string }).type === "StripeIdempotencyError") {
      const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 16);
      try {
        return await stripe.customers.create(params, { idempotencyKey: `${key}-${digest}` });
      } catch (retryError) {
        throw toStripeDomainError(retryError, ctx.env, "create the Stripe customer");
      }
    }
    throw toStripeDomainError(error, ctx.env, "create the Stripe customer");
  }
}

