import { expect, test } from "./fixtures";

test("the home page renders, styled", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Billing and entitlements for your customers" })).toBeVisible();
  // Tailwind's stylesheet is served and applied (the primary button has a background colour).
  const background = await page.getByRole("link", { name: "Open the dashboard" }).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
});

test("/api/health reports the app and the database", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.status()).toBe(200);
  expect(await response?.json()).toMatchObject({ status: "ok", app: { status: "ok" }, database: { status: "ok" } });
});
