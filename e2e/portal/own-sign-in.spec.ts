// The README's "Using Equinox from your own app's sign-in", run against the server: an app with
// its own sign-in claims the pre-created customer with autumn-js on login; when the same person
// later signs in to Equinox's portal with that verified email, they are linked to it, not given a
// second customer, and its id stays the app's.
import { Autumn } from "autumn-js";
import { expect, signInAs, sql, test, uniqueSuffix } from "../fixtures";
import { createApiKey } from "../fixtures-api";
import { createEnterprisePlan } from "./arrange";
import { enablePlanAtNegotiatedPrice, preCreateCustomer, signInToPortal } from "./portal-pages";

test("an app's own sign-in claims with get-or-create on every login; the portal then links to that customer", async ({ page, browser }) => {
  // A whole story across two browsers and several sign-ins: longer than the default budget.
  test.setTimeout(180_000);
  const key = await createApiKey("sandbox");
  const suffix = uniqueSuffix();
  const email = `ops-${suffix}@globex.test`;
  const appUserId = `app_user_${suffix}`;

  // The README's snippet (with the server under test as EQUINOX_URL).
  const autumn = new Autumn({ secretKey: key.secret, serverURL: process.env.E2E_BASE_URL!, failOpen: false });
  async function syncBillingCustomer(user: { id: string; email: string | null; emailVerified: boolean; name?: string | null }) {
    await autumn.customers.getOrCreate({
      customerId: user.id,
      name: user.name ?? undefined,
      email: user.emailVerified ? (user.email ?? undefined) : undefined,
    });
  }

  // Sales pre-create the customer (no id) and enable Enterprise in the dashboard.
  const catalog = await createEnterprisePlan();
  await signInAs(page, "staff");
  const pendingId = await preCreateCustomer(page, { name: "Globex", email: email.toUpperCase() });
  await enablePlanAtNegotiatedPrice(page, { planId: catalog.planId, amount: "1800" });

  // The app's login, twice: the first claims, the second changes nothing.
  await syncBillingCustomer({ id: appUserId, email, emailVerified: true, name: "Globex ops" });
  await syncBillingCustomer({ id: appUserId, email, emailVerified: true, name: "Globex ops" });
  const claimed = await autumn.customers.getOrCreate({ customerId: appUserId });
  expect(claimed).toMatchObject({ id: appUserId, name: "Globex", email: email.toUpperCase() });
  expect(claimed.subscriptions.map((s) => s.planId)).toEqual([catalog.planId]);

  // The same person signs in to Equinox's portal: linked, not duplicated; the id stays the app's.
  const person = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const portal = await person.newPage();
  await signInToPortal(portal, email);
  await expect(portal.getByRole("list", { name: "Your plans" }).getByRole("listitem", { name: "Enterprise" })).toContainText("$1,800.00 / month");

  const [user] = await sql<{ id: string }>(`select id from users where email = $1`, [email]);
  const rows = await sql<{ id: string; external_id: string; linked_user_id: string | null }>(
    `select id, external_id, linked_user_id from customers where env = 'sandbox' and email_normalized = $1`,
    [email],
  );
  expect(rows).toEqual([{ id: pendingId, external_id: appUserId, linked_user_id: user!.id }]);
  await person.close();
});
