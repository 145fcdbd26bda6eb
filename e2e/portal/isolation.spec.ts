// A portal user reaches their own customer only: the portal's URLs select nothing, its billing
// actions take nothing, and the staff dashboard (pages, JSON routes) and the /v1 API refuse them.
import { expect, signInAs, sql, test, uniqueSuffix } from "../fixtures";
import { captureServerAction, postServerAction } from "../dashboard/helpers";
import { createEnterprisePlan } from "./arrange";
import { enablePlanAtNegotiatedPrice, preCreateCustomer, signInToPortal } from "./portal-pages";

test("another customer's data cannot be reached by changing a URL or a request", async ({ page, browser }) => {
  // A whole story across two browsers and several sign-ins: longer than the default budget.
  test.setTimeout(180_000);
  // Victim: Acme's billing contact, with Enterprise, signed in once (claimed).
  const suffix = uniqueSuffix();
  const victimEmail = `victim-${suffix}@acme.test`;
  const catalog = await createEnterprisePlan();
  await signInAs(page, "staff");
  const victimInternalId = await preCreateCustomer(page, { name: `Victim Corp ${suffix}`, email: victimEmail });
  await enablePlanAtNegotiatedPrice(page, { planId: catalog.planId, amount: "9999" });
  const victimContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInToPortal(await victimContext.newPage(), victimEmail);
  await victimContext.close();
  // The claim starts the victim's own billing in the background (outbox: a Stripe customer and an
  // invoice subscription when Stripe is connected): the snapshot below is taken once that has
  // settled, so only the attacker's replays could change the victim's row after it.
  await expect
    .poll(async () => (await sql<{ n: number }>(`select count(*)::int as n from customer_plans where customer_id = $1 and billing_state in ('waiting', 'starting')`, [victimInternalId]))[0]!.n, { timeout: 30_000 })
    .toBe(0);
  const [victim] = await sql<{ external_id: string; stripe_id: string | null }>(`select external_id, stripe_id from customers where id = $1`, [victimInternalId]);
  expect(victim!.external_id).toBeTruthy();

  // Attacker: another end customer, signed in to the portal.
  const attackerContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const attacker = await attackerContext.newPage();
  const attackerEmail = `attacker-${suffix}@example.test`;
  await signInToPortal(attacker, attackerEmail);
  await expect(attacker.getByRole("heading", { name: "No plan yet" })).toBeVisible();

  const secrets = [victimEmail, `Victim Corp ${suffix}`, victim!.external_id, victimInternalId, "9,999", "Enterprise"];
  const expectNoVictimData = async (text: string) => {
    for (const secret of secrets) expect(text).not.toContain(secret);
  };
  // What the page shows (its HTML also carries the requested URL, which names the victim).
  const shownText = () => attacker.locator("body").innerText();

  // Portal URLs: query parameters are ignored, other paths do not exist.
  for (const path of [
    `/portal?customer_id=${victim!.external_id}`,
    `/portal?customer=${victimInternalId}&email=${encodeURIComponent(victimEmail)}`,
    `/portal?user=${victim!.external_id}`,
  ]) {
    await attacker.goto(path);
    await expect(attacker.getByText(`Signed in as ${attackerEmail}`)).toBeVisible();
    await expectNoVictimData(await shownText());
  }
  for (const path of [`/portal/${victimInternalId}`, `/portal/${victim!.external_id}`, `/portal/customers/${victimInternalId}`]) {
    const response = await attacker.goto(path);
    expect(response?.status(), path).toBe(404);
    await expectNoVictimData(await shownText());
  }

  // Staff pages and the dashboard's JSON routes: closed.
  await attacker.goto(`/customers/${victimInternalId}`);
  await expect(attacker.getByRole("heading", { name: "No access to the dashboard" })).toBeVisible();
  await expectNoVictimData(await shownText());
  for (const path of [`/api/dashboard/customers/${victimInternalId}/activity`, `/api/dashboard/customers?q=${encodeURIComponent(victimEmail)}`]) {
    const response = await attackerContext.request.get(path);
    expect(response.status(), path).toBe(403);
    await expectNoVictimData(await response.text());
  }
  // The /v1 API wants a secret key; a session cookie is not one.
  const api = await attackerContext.request.post("/v1/customers.get", { data: { customer_id: victim!.external_id } });
  expect(api.status()).toBe(401);
  await expectNoVictimData(await api.text());

  // The billing action, replayed with the victim's ids as arguments: it takes none and acts for
  // the session's customer only. (Without Stripe the buttons are disabled: bypass that as an
  // attacker would, by re-enabling one in the page.)
  await attacker.goto("/portal");
  const manage = attacker.getByRole("button", { name: "Manage billing" });
  const billingConnected = await manage.isEnabled();
  if (!billingConnected) await manage.evaluate((button) => button.removeAttribute("disabled"));
  const action = await captureServerAction(attacker, () => manage.click());
  for (const body of [JSON.stringify([victim!.external_id]), JSON.stringify([{ customer_id: victimInternalId }]), JSON.stringify([victimEmail])]) {
    const replay = await postServerAction(attackerContext.request, action, body);
    expect(replay.status).toBe(200);
    await expectNoVictimData(replay.text);
  }
  const [victimAfter] = await sql<{ stripe_id: string | null }>(`select stripe_id from customers where id = $1`, [victimInternalId]);
  expect(victimAfter!.stripe_id).toBe(victim!.stripe_id);
  // With Stripe connected, the calls did run: for the attacker's own customer.
  const [attackerCustomer] = await sql<{ stripe_id: string | null }>(
    `select c.stripe_id from customers c join users u on u.id = c.external_id where u.email = $1 and c.env = 'sandbox'`,
    [attackerEmail],
  );
  expect(Boolean(attackerCustomer!.stripe_id)).toBe(billingConnected);

  await attackerContext.close();
});
