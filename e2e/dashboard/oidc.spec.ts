import type { Page } from "@playwright/test";
import { expect, test, sql } from "../fixtures";
import { uniqueEmail, upsertUser } from "./helpers";

/** Goes through the test identity provider's login and consent forms. */
async function signInWithSso(page: Page, login: string) {
  await page.goto("/sign-in?callbackUrl=%2Ffeatures");
  await page.getByRole("button", { name: "Continue with Test SSO" }).click();
  await page.waitForURL((url) => url.href.startsWith(process.env.E2E_OIDC_ISSUER!));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe("single sign-on (OpenID Connect)", () => {
  test("an identity whose email the provider verified signs the staff member in", async ({ page }) => {
    const user = await upsertUser(uniqueEmail("sso-verified"), "admin");
    await signInWithSso(page, `verified:${user.email}`);
    await expect(page).toHaveURL(/\/features$/);
    await expect(page.getByRole("heading", { level: 1, name: "Features" })).toBeVisible();
    expect(await sql(`select provider from accounts where user_id = $1`, [user.id])).toEqual([{ provider: "oidc" }]);
    expect(await sql(`select 1 from sessions where user_id = $1`, [user.id])).toHaveLength(1);
  });

  test("an identity with an unverified email is refused", async ({ page }) => {
    const user = await upsertUser(uniqueEmail("sso-unverified"), "admin");
    await signInWithSso(page, `unverified:${user.email}`);
    await expect(page).toHaveURL(/\/sign-in\/error\?error=EmailNotVerified/);
    await expect(page.getByRole("heading", { name: "Your email address is not verified" })).toBeVisible();
    expect(await sql(`select 1 from sessions where user_id = $1`, [user.id])).toHaveLength(0);
    expect(await sql(`select 1 from accounts where user_id = $1`, [user.id])).toHaveLength(0);
    await page.goto("/features");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
