// Steps the portal specs share: staff pre-create a customer and enable a plan through the
// dashboard, and an end customer signs in to the portal through a magic link.
import type { Page } from "@playwright/test";
import { expect } from "../fixtures";
import { signInLinkFromMail } from "../dashboard/helpers";

/** On /customers, as staff: a pending customer (no id). Returns its internal id (from the detail page's URL). */
export async function preCreateCustomer(page: Page, input: { name: string; email: string }): Promise<string> {
  await page.goto("/customers");
  await page.getByRole("button", { name: "New customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Create customer" });
  await dialog.getByLabel("Name").fill(input.name);
  await dialog.getByLabel("Email").fill(input.email);
  await dialog.getByRole("button", { name: "Create pending customer" }).click();
  await page.waitForURL(/\/customers\/cus_[0-9a-z]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** On the customer's page, as staff: enables the plan at a negotiated monthly price, no checkout. */
export async function enablePlanAtNegotiatedPrice(page: Page, input: { planId: string; amount: string }) {
  await page.getByRole("button", { name: "Enable plan" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Enable plan" });
  await dialog.getByLabel("Plan").selectOption(input.planId);
  await dialog.getByLabel("Negotiated price for this customer").check();
  await dialog.getByLabel(/^Amount/).fill(input.amount);
  await dialog.getByRole("button", { name: "Enable plan" }).click();
  await expect(dialog).toBeHidden();
}

/** From a signed-out browser: /portal → the portal's sign-in → the emailed link → /portal. */
export async function signInToPortal(page: Page, email: string) {
  await page.goto("/portal");
  await expect(page).toHaveURL(/\/portal\/sign-in$/);
  const since = Date.now();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await signInLinkFromMail(email, since));
  await expect(page).toHaveURL(/\/portal$/);
}
