import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { domain, expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "./helpers";

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), label).toEqual([]);
}

test("sign-in pages have no serious accessibility violations", async ({ page }) => {
  for (const path of ["/sign-in", "/sign-in?error=Verification", "/sign-in/check-email", "/sign-in/error?error=EmailNotVerified"]) {
    await page.goto(path);
    await expectNoSeriousViolations(page, path);
  }
});

for (const path of ["/features", "/plans", "/plans/new", "/api-keys", "/audit", "/staff"]) {
  test(`${path} has no serious accessibility violations`, async ({ page }) => {
    await signInAs(page, "admin", uniqueEmail("a11y-admin"));
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  });
}

test("the plan editor with items has no serious accessibility violations", async ({ page }) => {
  await signInAs(page, "admin", uniqueEmail("a11y-plan"));
  const suffix = uniqueSuffix();
  await (await domain()).feature("sandbox", { featureId: `a11y_${suffix}`, name: `A11y ${suffix}`, type: "single_use" });
  await page.goto("/plans/new");
  await page.getByRole("combobox", { name: "Add a feature" }).click();
  await page.getByRole("option", { name: new RegExp(`A11y ${suffix}`) }).click();
  await page.getByRole("combobox", { name: "Pricing" }).click();
  await page.getByRole("option", { name: "Recurring" }).click();
  await expect(page.getByLabel("Included")).toBeVisible();
  await expectNoSeriousViolations(page, "plan editor with an item and a price");
});

test("dialogs and the opened audit row have no serious accessibility violations", async ({ page }) => {
  test.slow();
  await signInAs(page, "admin", uniqueEmail("a11y-dialogs"));
  await page.goto("/api-keys");
  await page.getByRole("button", { name: "New API key" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "new API key dialog");
  await page.keyboard.press("Escape");

  await page.goto("/features");
  await page.getByRole("button", { name: "New feature" }).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "new feature dialog");
  await page.keyboard.press("Escape");

  await (await domain()).auditEvents({ env: "sandbox", actor: { kind: "system", label: "a11y test" } }, [
    { action: "plan.updated", targetType: "plan", target: { name: "Pro" }, before: { price: 1 }, after: { price: 2 } },
  ]);
  await page.goto("/audit?action=plan.updated");
  const details = page.getByRole("button", { name: /Show details of/ }).first();
  await details.click();
  await expect(page.getByRole("button", { name: /Hide details of/ }).first()).toHaveAttribute("aria-expanded", "true");
  await expectNoSeriousViolations(page, "audit log with a row open");
});

test("the no-access screens have no serious accessibility violations", async ({ page, browser }) => {
  await signInAs(page, null, uniqueEmail("a11y-customer"));
  await page.goto("/plans");
  await expectNoSeriousViolations(page, "no access (not staff)");

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signInAs(staff, "staff", uniqueEmail("a11y-staff"));
  await staff.goto("/api-keys");
  await expect(staff.getByRole("heading", { name: "This page is for admins" })).toBeVisible();
  await expectNoSeriousViolations(staff, "no access (admins only)");
  await staffContext.close();
});
