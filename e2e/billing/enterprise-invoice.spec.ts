// The enterprise story billed by invoice, to a paid invoice: staff pre-create the billing contact's
// customer (no id) and enable Enterprise at a negotiated $3,750/month billed by invoice (net 30,
// finalized and sent by Stripe, active at once); the person signs in to the portal with a magic
// link, which claims the customer and starts billing: a Stripe customer, a send_invoice
// subscription and its first invoice, open in the emulator. They pay it on Stripe's hosted invoice
// page; the invoice.paid webhook marks it paid, which the portal and the customer page show, with
// the plan active.
import Stripe from "stripe";
import { expect, signInAs, sql, test, uniqueSuffix } from "../fixtures";
import { E2E_STRIPE } from "../harness/stripe";
import { createEnterprisePlan } from "../portal/arrange";
import { preCreateCustomer, signInToPortal } from "../portal/portal-pages";

// The real SDK against the run's emulator, to read what Stripe holds (never to arrange it).
const stripe = () => {
  const url = new URL(process.env.E2E_STRIPE_URL!);
  return new Stripe(E2E_STRIPE.keys.sandbox, { host: url.hostname, port: Number(url.port), protocol: "http", maxNetworkRetries: 0, telemetry: false });
};

test("Enterprise at a negotiated price billed by invoice: the claim starts billing, the invoice is paid on its hosted page, portal and dashboard show it paid", async ({
  page,
  browser,
}) => {
  // Two browsers, a sign-in by email, Stripe's outbox jobs and webhooks: longer than the default budget.
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();
  const email = `billing-${suffix}@acme.test`;
  const catalog = await createEnterprisePlan();

  // Staff pre-create the customer and enable Enterprise, negotiated, billed by invoice.
  await signInAs(page, "admin");
  const internalId = await preCreateCustomer(page, { name: "Acme Corp", email });
  await page.getByRole("button", { name: "Enable plan" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Enable plan" });
  await dialog.getByLabel("Plan").selectOption(catalog.planId);
  await dialog.getByLabel("Negotiated price for this customer").check();
  await dialog.getByLabel(/^Amount/).fill("3750");
  const billing = dialog.getByRole("group", { name: "Billing" });
  await billing.getByRole("radio", { name: "By invoice" }).check();
  await billing.getByLabel("Payment terms (days)").fill("30");
  await billing.getByRole("radio", { name: "Finalize and send invoices" }).check();
  await billing.getByRole("radio", { name: "Now" }).check();
  await dialog.getByRole("button", { name: "Enable plan" }).click();
  await expect(dialog).toBeHidden();
  const planRow = page.getByRole("table", { name: "Plans" }).getByRole("row").filter({ hasText: "Enterprise" });
  await expect(planRow.getByText("By invoice · net 30")).toBeVisible();
  // Pending: nothing is billed before the person behind the customer arrives.
  const [before] = await sql<{ stripe_id: string | null }>(`select stripe_id from customers where id = $1`, [internalId]);
  expect(before!.stripe_id).toBeNull();

  // The billing contact signs in to the portal: the claim starts billing.
  const person = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const portal = await person.newPage();
  await signInToPortal(portal, email);
  await expect(portal.getByRole("heading", { level: 1, name: "Acme Corp" })).toBeVisible();

  // Stripe (the emulator) now holds the subscription billed by invoice and its first invoice, open.
  let customerStripeId: string | null = null;
  await expect
    .poll(
      async () => {
        customerStripeId = (await sql<{ stripe_id: string | null }>(`select stripe_id from customers where id = $1`, [internalId]))[0]!.stripe_id;
        return customerStripeId;
      },
      { timeout: 20_000 },
    )
    .toMatch(/^cus_/);
  let invoice: Stripe.Invoice | undefined;
  await expect
    .poll(
      async () => {
        invoice = (await stripe().invoices.list({ customer: customerStripeId! })).data.find((candidate) => candidate.status === "open");
        return invoice?.status;
      },
      { timeout: 20_000 },
    )
    .toBe("open");
  expect(invoice!.collection_method).toBe("send_invoice");
  expect(invoice!.amount_due).toBe(375_000);
  expect(invoice!.due_date! - invoice!.created).toBeGreaterThanOrEqual(30 * 24 * 60 * 60 - 60);
  expect(invoice!.due_date! - invoice!.created).toBeLessThanOrEqual(30 * 24 * 60 * 60 + 24 * 60 * 60);
  const subscriptions = (await stripe().subscriptions.list({ customer: customerStripeId! })).data;
  expect(subscriptions).toEqual([expect.objectContaining({ collection_method: "send_invoice", days_until_due: 30, status: "active" })]);

  // The portal lists the invoice, open, with a Pay button to Stripe's hosted page.
  const invoiceRow = () => portal.getByRole("table", { name: "Invoices" }).getByRole("row").filter({ hasText: invoice!.number! });
  await expect
    .poll(
      async () => {
        await portal.reload();
        return invoiceRow().count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  await expect(invoiceRow().getByText("Open", { exact: true })).toBeVisible();
  await expect(invoiceRow().getByText("$3,750.00")).toBeVisible();
  await invoiceRow().getByRole("link", { name: `Pay ${invoice!.number}` }).click();

  // Stripe's hosted invoice page (the emulator's): the amount due, and Pay.
  await expect(portal).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_URL}/invoice/${invoice!.id}`));
  await expect(portal.getByTestId("amount-due")).toHaveText("$3,750.00");
  await portal.getByRole("button", { name: "Pay invoice" }).click();
  await expect(portal.getByRole("status")).toHaveText("Invoice paid. Thank you!");
  await expect(portal.getByTestId("invoice-status")).toHaveText("Paid");

  // The invoice.paid webhook reaches Equinox: the portal shows the invoice paid and the plan active.
  await expect
    .poll(async () => (await sql<{ status: string }>(`select status from invoices where stripe_invoice_id = $1`, [invoice!.id]))[0]?.status, { timeout: 20_000 })
    .toBe("paid");
  await portal.goto("/portal");
  await expect(invoiceRow().getByText("Paid", { exact: true })).toBeVisible();
  await expect(invoiceRow().getByRole("link", { name: `Pay ${invoice!.number}` })).toHaveCount(0);
  const plan = portal.getByRole("list", { name: "Your plans" }).getByRole("listitem", { name: "Enterprise" });
  await expect(plan.getByText("Active", { exact: true })).toBeVisible();
  await expect(plan.getByText("$3,750.00 / month")).toBeVisible();
  await expect(plan.getByText(/By invoice · net 30/)).toBeVisible();

  // And staff see the same on the customer's page.
  await page.goto(`/customers/${internalId}`);
  const staffInvoice = page.getByRole("table", { name: "Invoices" }).getByRole("row").filter({ hasText: invoice!.number! });
  await expect(staffInvoice.getByText("Paid", { exact: true })).toBeVisible();
  await expect(staffInvoice.getByText("$3,750.00")).toBeVisible();
  await expect(planRow.getByText("Active", { exact: true })).toBeVisible();
  await expect(planRow.getByText("Awaiting payment")).toHaveCount(0);
  await person.close();
});
