// The portal's single sign-on (OpenID Connect, the harness's test identity provider): a verified
// email claims the pre-created customer like a magic link does; an unverified one is refused by
// the sign-in itself, and the pre-created customer stays pending.
import type { Page } from "@playwright/test";
import { domain, expect, sql, test, uniqueSuffix } from "../fixtures";

/** A pending customer (no id), as staff pre-create one in the dashboard; returns its internal id. */
async function preCreatePending(email: string, name: string): Promise<string> {
  return (await (await domain()).customer({ id: null, email, name })).id;
}

async function signInWithSso(page: Page, login: string) {
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/portal\/sign-in$/);
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await page.waitForURL((url) => url.href.startsWith(process.env.E2E_OIDC_ISSUER!));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("single sign-on with a verified email claims the pre-created customer", async ({ page }) => {
  const email = `sso-${uniqueSuffix()}@initech.test`;
  const pendingId = await preCreatePending(email, "Initech");

  await signInWithSso(page, `verified:${email}`);

  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { level: 1, name: "Initech" })).toBeVisible();
  const [user] = await sql<{ id: string }>(`select id from users where email = $1`, [email]);
  expect(await sql(`select id, external_id from customers where env = 'sandbox' and email_normalized = $1`, [email])).toEqual([
    { id: pendingId, external_id: user!.id },
  ]);
  expect(await sql(`select actor_kind, actor_id from audit_events where customer_id = $1 and action = 'customer.claimed'`, [pendingId])).toEqual([
    { actor_kind: "end_customer", actor_id: user!.id },
  ]);
});

test("single sign-on with an unverified email is refused, and claims nothing", async ({ page }) => {
  const email = `sso-unverified-${uniqueSuffix()}@initech.test`;
  const pendingId = await preCreatePending(email, "Initech (unverified)");

  await signInWithSso(page, `unverified:${email}`);

  await expect(page).toHaveURL(/\/sign-in\/error\?error=EmailNotVerified/);
  expect(await sql(`select external_id from customers where id = $1`, [pendingId])).toEqual([{ external_id: null }]);
  expect(await sql(`select 1 from customers where env = 'sandbox' and email_normalized = $1`, [email])).toHaveLength(1);
});
