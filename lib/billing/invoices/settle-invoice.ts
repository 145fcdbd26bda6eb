// invoices.pay (mark an open invoice paid out of band: the money came another way, no charge is
// attempted) and invoices.void (an open or uncollectible invoice is voided), through the Stripe
// SDK; the mirror is written from Stripe's answer at once (webhooks confirm it later; an older
// event never overwrites it). Already paid / already void: answered unchanged, as Autumn does.
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { Invoice } from "@/lib/generated/prisma";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe, isStripeResourceMissing } from "@/lib/billing/stripe-errors";
import { upsertInvoiceFromStripe } from "./mirror-invoice";
import { invoiceObject, type InvoiceObject } from "./invoice-object";
import { invoiceRefInput, type InvoiceRefInput } from "./schemas";

const invoiceNotFound = (id: string) => new DomainError("invoice_not_found", `Invoice ${id} not found`);

/** The mirrored invoice by Equinox's id or Stripe's; an invoice of this environment's customer not mirrored yet is read from Stripe. */
export async function findInvoice(ctx: Ctx, ref: string): Promise<Invoice> {
  const row = await db().invoice.findFirst({ where: { env: ctx.env, OR: [{ id: ref }, { stripeInvoiceId: ref }] } });
  if (row) return row;
  if (!ref.startsWith("in_")) throw invoiceNotFound(ref);
  const invoice = await callStripe(ctx.env, "read the invoice", () => stripeFor(ctx.env).invoices.retrieve(ref)).catch((error: unknown) => {
    if (isStripeResourceMissing(error) || (error instanceof DomainError && error.status === 400)) throw invoiceNotFound(ref);
    throw error;
  });
  const mirrored = await upsertInvoiceFromStripe(ctx.env, invoice, nowSeconds());
  if (!mirrored) throw invoiceNotFound(ref);
  return mirrored;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function answer(ctx: Ctx, row: Invoice, stripeInvoice: Stripe.Invoice | null): Promise<{ invoice: InvoiceObject }> {
  const written = stripeInvoice ? ((await upsertInvoiceFromStripe(ctx.env, stripeInvoice, nowSeconds())) ?? (await db().invoice.findUniqueOrThrow({ where: { id: row.id } }))) : row;
  const customer = await db().customer.findUniqueOrThrow({ where: { id: written.customerId }, select: { id: true, externalId: true } });
  return { invoice: invoiceObject(written, customer) };
}

export async function payInvoice(ctx: Ctx, input: InvoiceRefInput): Promise<{ invoice: InvoiceObject }> {
  authorize(ctx, "customers:write");
  const { invoice_id } = invoiceRefInput.parse(input);
  const row = await findInvoice(ctx, invoice_id);
  if (row.status === "paid") return answer(ctx, row, null);
  if (row.status !== "open") throw new DomainError("invalid_request", `Invoice ${invoice_id} is ${row.status}: only an open invoice can be marked paid`);
  const paid = await callStripe(ctx.env, "mark the invoice paid", () =>
    stripeFor(ctx.env).invoices.pay(row.stripeInvoiceId, { paid_out_of_band: true }, { idempotencyKey: `equinox-pay-oob-${row.stripeInvoiceId}` }),
  );
  return answer(ctx, row, paid);
}

export async function voidInvoice(ctx: Ctx, input: InvoiceRefInput): Promise<{ invoice: InvoiceObject }> {
  authorize(ctx, "customers:write");
  const { invoice_id } = invoiceRefInput.parse(input);
  const row = await findInvoice(ctx, invoice_id);
  if (row.status === "void") return answer(ctx, row, null);
  if (row.status !== "open" && row.status !== "uncollectible") {
    throw new DomainError("invalid_request", `Invoice ${invoice_id} is ${row.status}: only an open or uncollectible invoice can be voided`);
  }
  const voided = await callStripe(ctx.env, "void the invoice", () => stripeFor(ctx.env).invoices.voidInvoice(row.stripeInvoiceId, {}, { idempotencyKey: `equinox-void-${row.stripeInvoiceId}` }));
  return answer(ctx, row, voided);
}
