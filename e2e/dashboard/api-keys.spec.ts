import { expect, test, signInAs } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("an admin creates a key, sees its secret once, revokes it, and the API refuses it from then on", async ({ page, request, baseURL }) => {
  await signInAs(page, "admin", uniqueEmail("keys-admin"));
  await page.goto("/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  const name = `E2E backend ${Date.now()}`;
  await page.getByRole("button", { name: "New API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("heading", { name: "Copy your new secret key" })).toBeVisible();
  await expect(dialog.getByText("This is the only time the key is shown")).toBeVisible();
  const secret = await dialog.getByLabel("Secret key").inputValue();
  expect(secret).toMatch(/^am_sk_test_[A-Za-z0-9]{42}$/);
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 15));
  await expect(row).toContainText("Active");
  await expect(page.getByText(secret)).toHaveCount(0);

  const callApi = () =>
    request.post(`${baseURL}/v1/customers.list`, { headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, data: {} });
  const before = await callApi();
  expect(before.status(), await before.text()).not.toBe(401);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm.getByRole("heading", { name: `Revoke ${name}?` })).toBeVisible();
  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");

  const after = await callApi();
  expect(after.status()).toBe(401);
  expect(await after.json()).toMatchObject({ code: "invalid_secret_key" });

  // The audit log tells the story, newest first.
  await page.goto(`/audit?action=api_key.`);
  const events = page.getByRole("table", { name: /Audit events/ }).getByRole("row").filter({ hasText: name });
  await expect(events.first()).toContainText("api_key.revoked");
  await expect(events.nth(1)).toContainText("api_key.created");
});
