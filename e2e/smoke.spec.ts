import { expect, test } from "./fixtures";

test("the home page renders, styled", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Billing and entitlements for your customers" })).toBeVisible();
  // Tailwind's stylesheet is served and applied (the primary button has a background colour).
  const background = await page.getByRole("link", { name: "Open the dashboard" }).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
});

test("/api/health says the process is alive; /api/health/ready that the database answers with the current schema", async ({ page }) => {
  const live = await page.goto("/api/health");
  expect(live?.status()).toBe(200);
  expect(await live?.json()).toMatchObject({ status: "ok", app: { status: "ok" }, draining: false });
  const ready = await page.goto("/api/health/ready");
  expect(ready?.status()).toBe(200);
  expect(await ready?.json()).toMatchObject({ status: "ready", database: { status: "ok" }, schema: { status: "current" } });
});
