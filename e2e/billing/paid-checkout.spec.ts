// A customer buys the paid Pro plan: the application calls billing.attach through the official
// SDK (autumn-js, failOpen: false), the person pays on the (emulated) Stripe Checkout page in
// Chromium, the webhook activates the plan, and it shows active in the portal and the dashboard.
import { expect, signInAs, sql, test, uniqueSuffix } from "../fixtures";
import { autumnClient, createApiKey } from "../fixtures-api";
import { signInToPortal } from "../portal/portal-pages";
import { createProPlan, waitForActivePlan } from "./arrange";

test("a customer attaches Pro through the SDK, pays on Checkout, and the plan is active in the portal and the dashboard", async ({ page, browser }) => {
  const pro = await createProPlan();
  const email = `buyer-${uniqueSuffix()}@example.test`;

  // The person signs up in the portal: their customer is created with their user id.
  await signInToPortal(page, email);
  await expect(page.getByText("No plan yet")).toBeVisible();
  const [customer] = await sql<{ id: string; external_id: string; stripe_id: string | null }>(
    `select id, external_id, stripe_id from customers where env = 'sandbox' and email_normalized = $1`,
    [email],
  );
  expect(customer!.stripe_id).toBeNull();

  // The application asks for the plan; a paid plan answers a Checkout URL.
  const autumn = autumnClient(await createApiKey());
  const attach = await autumn.billing.attach({ customerId: customer!.external_id, planId: pro.planId, successUrl: `${process.env.E2E_BASE_URL}/portal` });
  expect(attach.customerId).toBe(customer!.external_id);
  expect(attach.paymentUrl).toContain(`${process.env.E2E_STRIPE_URL}/checkout/cs_test_`);
  // Nothing is granted before payment; the Stripe customer now exists.
  expect(await sql(`select 1 from customer_plans cp join plans p on p.id = cp.plan_pk where cp.customer_id = $1 and p.plan_id = $2`, [customer!.id, pro.planId])).toHaveLength(0);
  const [linked] = await sql<{ stripe_id: string | null }>(`select stripe_id from customers where id = $1`, [customer!.id]);
  expect(linked!.stripe_id).toMatch(/^cus_/);

  // The person pays on the Checkout page and comes back to the portal.
  await page.goto(attach.paymentUrl!);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await expect(page.getByText("Pro")).toBeVisible();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/portal$/);
  const active = await waitForActivePlan(customer!.id, pro.planId);
  expect(active.stripe_subscription_id).toMatch(/^sub_/);

  await page.reload();
  const plan = page.getByRole("list", { name: "Your plans" }).getByRole("listitem", { name: "Pro" });
  await expect(plan.getByText("Active", { exact: true })).toBeVisible();

  // The SDK sees it too.
  const seen = await autumn.customers.getOrCreate({ customerId: customer!.external_id });
  expect(seen.subscriptions).toEqual([expect.objectContaining({ planId: pro.planId, status: "active", pastDue: false })]);

  // And staff see it on the customer's page.
  const staff = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const dashboard = await staff.newPage();
  await signInAs(dashboard, "staff");
  await dashboard.goto(`/customers/${customer!.id}`);
  const row = dashboard.getByRole("table", { name: "Plans" }).getByRole("row").filter({ hasText: "Pro" });
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await staff.close();
});
