import { describe, expect, it } from "vitest";
import type { Customer, Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { auditEventsOf, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { getCustomerBillingView } from "./customer-billing";
import { readCustomerInvoices } from "./invoice-view";
import { setSelfServeCancel } from "./self-serve-cancel";

const DAY = 86_400_000;

async function invoice(customer: Pick<Customer, "id" | "env">, status: string, createdAt: Date, extra: { dueDate?: Date; env?: Env } = {}) {
  return db().invoice.create({
    data: {
      id: newId("ivc"),
      env: extra.env ?? customer.env,
      customerId: customer.id,
      stripeInvoiceId: unique("in"),
      number: unique("EQX"),
      status,
      currency: "usd",
      total: 375_000,
      amountDue: 375_000,
      amountRemaining: status === "paid" ? 0 : 375_000,
      amountPaid: status === "paid" ? 375_000 : 0,
      dueDate: extra.dueDate ?? null,
      hostedInvoiceUrl: status === "draft" ? null : `https://invoice.stripe.test/${unique("i")}`,
      stripeCreatedAt: createdAt,
    },
  });
}

describe("getCustomerBillingView", () => {
  it("says how each plan is billed, with the customer's invoices newest first and the self-serve cancel flag", async () => {
    const ctx = await staffCtx();
    const customer = await createTestCustomer();
    const setup = await createTestPlan();
    const { customerPlan } = await enableTestPlan(customer, setup);
    await db().customerPlan.update({
      where: { id: customerPlan.id },
      data: { billingMode: "invoice", billingState: "past_due", invoiceDaysUntilDue: 45, invoiceAutoFinalize: false, onContractEnd: "renew", renewalReminderDays: 60 },
    });
    const now = new Date();
    const older = await invoice(customer, "paid", new Date(now.getTime() - 40 * DAY));
    const newer = await invoice(customer, "open", new Date(now.getTime() - 10 * DAY), { dueDate: new Date(now.getTime() - DAY) });

    const view = await getCustomerBillingView(ctx, customer.id, { now });
    expect(view.selfServeCancel).toBe(true);
    expect(view.plans[customerPlan.id]).toEqual({
      mode: "invoice",
      state: "past_due",
      daysUntilDue: 45,
      autoFinalize: false,
      activateOnPayment: false,
      onContractEnd: "renew",
      reminderDays: 60,
      cancelAtPeriodEnd: false,
      currentPeriodEnd: null,
    });
    expect(view.invoices.map((row) => [row.id, row.status, row.overdue])).toEqual([
      [newer.id, "open", true],
      [older.id, "paid", false],
    ]);
    expect(view.invoices[0]).toMatchObject({ total: 375_000, currency: "usd", hostedInvoiceUrl: newer.hostedInvoiceUrl, dueDate: newer.dueDate!.toISOString() });
  });

  it("reads one environment only, and refuses a customer of another environment as not found", async () => {
    const ctx = await staffCtx("sandbox");
    const customer = await createTestCustomer();
    const live = await createTestCustomer({ env: "live" });
    await invoice(live, "open", new Date());
    await expect(getCustomerBillingView(ctx, live.id)).rejects.toMatchObject({ code: "customer_not_found" });
    expect((await getCustomerBillingView(ctx, customer.id)).invoices).toEqual([]);
    expect((await getCustomerBillingView(await staffCtx("live"), live.id)).invoices).toHaveLength(1);
  });

  it("leaves drafts out for the customer's own eyes (the portal), and keeps them for staff", async () => {
    const customer = await createTestCustomer();
    await invoice(customer, "draft", new Date());
    await invoice(customer, "open", new Date(Date.now() - DAY));
    expect((await readCustomerInvoices(customer.env, customer.id)).map((row) => row.status)).toEqual(["draft", "open"]);
    expect((await readCustomerInvoices(customer.env, customer.id, { includeDrafts: false })).map((row) => row.status)).toEqual(["open"]);
  });
});

describe("setSelfServeCancel", () => {
  it("turns the portal's cancel off and on, audited as a customer edit, and records nothing when nothing changes", async () => {
    const ctx = await staffCtx();
    const customer = await createTestCustomer();
    expect(await setSelfServeCancel(ctx, { customerId: customer.id, enabled: true })).toEqual({ selfServeCancel: true, changed: false });
    expect(await auditEventsOf(customer.id)).toHaveLength(0);

    expect(await setSelfServeCancel(ctx, { customerId: customer.id, enabled: false })).toEqual({ selfServeCancel: false, changed: true });
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).selfServeCancel).toBe(false);
    const events = await auditEventsOf(customer.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "customer.updated", before: { self_serve_cancel: true }, after: { self_serve_cancel: false } });
    expect((await getCustomerBillingView(ctx, customer.id)).selfServeCancel).toBe(false);
  });

  it("refuses a customer of another environment as not found", async () => {
    const live = await createTestCustomer({ env: "live" });
    await expect(setSelfServeCancel(await staffCtx("sandbox"), { customerId: live.id, enabled: false })).rejects.toMatchObject({ code: "customer_not_found" });
    expect((await db().customer.findUniqueOrThrow({ where: { id: live.id } })).selfServeCancel).toBe(true);
  });
});
