// The Acme story (seed: creating-customers.md, "Enterprise onboarding"): sales pre-create the
// billing contact's customer without an id and enable Enterprise at a negotiated price; the person
// signs in to the portal with a magic link and finds the plan active, with no checkout; the
// dashboard shows the customer now carries the user's id, and the claim in its activity.
import { expect, signInAs, sql, test, uniqueSuffix } from "../fixtures";
import { createEnterprisePlan } from "./arrange";
import { enablePlanAtNegotiatedPrice, preCreateCustomer, signInToPortal } from "./portal-pages";

type CustomerRow = { id: string; external_id: string | null; linked_user_id: string | null; updated_at: Date };

const customerRows = (emailNormalized: string) =>
  sql<CustomerRow>(`select id, external_id, linked_user_id, updated_at from customers where env = 'sandbox' and email_normalized = $1`, [emailNormalized]);

const claimEvents = (customerId: string) =>
  sql<{ actor_kind: string; actor_id: string }>(`select actor_kind, actor_id from audit_events where customer_id = $1 and action = 'customer.claimed'`, [customerId]);

test("staff pre-create Billing@Acme, enable Enterprise; the sign-in claims it, the portal shows it, signing in again changes nothing", async ({
  page,
  browser,
}) => {
  // A whole story across two browsers and several sign-ins: longer than the default budget.
  test.setTimeout(180_000);
  // The story's address, made unique per run (mixed case as sales typed it; the person types it in lower case).
  const suffix = uniqueSuffix();
  const typedBySales = `Billing-${suffix}@Acme.test`;
  const typedAtSignIn = typedBySales.toLowerCase();
  const catalog = await createEnterprisePlan();

  // Staff, in the dashboard.
  await signInAs(page, "admin");
  const internalId = await preCreateCustomer(page, { name: "Acme Corp", email: typedBySales });
  await enablePlanAtNegotiatedPrice(page, { planId: catalog.planId, amount: "2500" });
  await expect(page.getByText("Enterprise").first()).toBeVisible();
  expect(await customerRows(typedAtSignIn)).toEqual([expect.objectContaining({ id: internalId, external_id: null })]);

  // The billing contact, in their own browser.
  const person = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const portal = await person.newPage();
  await signInToPortal(portal, typedAtSignIn);

  await expect(portal.getByRole("heading", { level: 1, name: "Acme Corp" })).toBeVisible();
  const plan = portal.getByRole("list", { name: "Your plans" }).getByRole("listitem", { name: "Enterprise" });
  await expect(plan).toBeVisible();
  await expect(plan.getByText("Active")).toBeVisible();
  await expect(plan.getByText("Custom")).toBeVisible();
  await expect(plan.getByText("$2,500.00 / month")).toBeVisible();
  const balances = portal.getByRole("list", { name: "Your balances" });
  await expect(balances.getByRole("progressbar", { name: "Messages" })).toHaveAttribute("aria-valuetext", "0 of 10,000 used");
  await expect(balances.getByRole("listitem", { name: "Messages" })).toContainText(/10,000 left · resets [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(balances.getByRole("progressbar", { name: "Seats" })).toHaveAttribute("aria-valuetext", "0 of 50 used");
  await expect(portal.getByRole("list", { name: "Included features" })).toContainText("Single sign-on");
  // No checkout: the plan is simply there, and the portal never left for a payment page.
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByText(/checkout/i)).toHaveCount(0);

  // The claim: the pre-created record now carries the user's id (no second customer).
  const [user] = await sql<{ id: string }>(`select id from users where email = $1`, [typedAtSignIn]);
  const afterClaim = await customerRows(typedAtSignIn);
  expect(afterClaim).toEqual([expect.objectContaining({ id: internalId, external_id: user!.id, linked_user_id: null })]);
  expect(await claimEvents(internalId)).toEqual([{ actor_kind: "end_customer", actor_id: user!.id }]);

  // Back in the dashboard: the id is set, and the activity says who claimed it.
  await page.goto(`/customers/${internalId}`);
  await expect(page.getByText(user!.id).first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Activity" })).toContainText("Claimed by sign-in");

  // Staff pages stay closed to the end customer.
  await portal.goto(`/customers/${internalId}`);
  await expect(portal.getByRole("heading", { name: "No access to the dashboard" })).toBeVisible();
  await expect(portal.getByText("Acme Corp")).toHaveCount(0);
  await expect(portal.getByText("Enterprise")).toHaveCount(0);

  // Billing goes to Stripe (the local emulator in these tests) for this customer.
  await portal.goto("/portal");
  await portal.getByRole("button", { name: "Manage billing" }).click();
  await portal.waitForURL((url) => !url.pathname.startsWith("/portal"));
  const [billed] = await sql<{ stripe_id: string | null }>(`select stripe_id from customers where id = $1`, [internalId]);
  expect(billed!.stripe_id).toMatch(/^cus_/);

  // Signing in again changes nothing.
  const beforeSecondSignIn = await customerRows(typedAtSignIn);
  const eventsBefore = await sql(`select count(*) from audit_events where customer_id = $1`, [internalId]);
  await portal.goto("/portal");
  await portal.getByRole("button", { name: "Sign out" }).click();
  await expect(portal).toHaveURL(/\/portal\/sign-in\?signedOut=1$/);
  await signInToPortal(portal, typedAtSignIn);
  await expect(portal.getByRole("list", { name: "Your plans" }).getByRole("listitem", { name: "Enterprise" })).toBeVisible();
  expect(await customerRows(typedAtSignIn)).toEqual(beforeSecondSignIn);
  expect(await sql(`select count(*) from audit_events where customer_id = $1`, [internalId])).toEqual(eventsBefore);
  expect(await claimEvents(internalId)).toHaveLength(1);
  expect(await sql(`select 1 from customers where external_id = $1 or linked_user_id = $1`, [user!.id])).toHaveLength(1);

  await person.close();
});
