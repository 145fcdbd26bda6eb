// Duplicates and merge (issue 17): sales pre-creates a customer whose email (in another case)
// already belongs to a customer with an id; the create dialog warns and links to it, staff save
// anyway, then merge the new pending customer into the existing one through the dialog, and the
// pending customer's old page leads to the survivor.
import { expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "../dashboard/helpers";
import { createCustomerRow } from "./arrange";

test("a duplicate email is flagged on create, and the duplicate is merged into the existing customer", async ({ page }) => {
  await signInAs(page, "staff", uniqueEmail("merger"));
  const tag = uniqueSuffix();
  const email = `billing-${tag}@acme.example`;
  const survivorId = await createCustomerRow({ externalId: `acme_${tag}`, email, name: `Acme ${tag}` });

  await page.goto("/customers");
  await page.getByRole("button", { name: "New customer" }).click();
  const create = page.getByRole("dialog", { name: "Create customer" });
  await create.getByLabel("Name").fill(`Acme deal ${tag}`);
  await create.getByLabel("Email").fill(email.toUpperCase());
  // The warning (compared normalised), with a link to the existing customer, before anything is saved.
  const warning = create.getByTestId("duplicate-email-warning");
  await expect(warning).toContainText("Another customer already uses this email");
  await expect(warning.getByRole("link", { name: `Open Acme ${tag}` })).toHaveAttribute("href", `/customers/${survivorId}`);
  await create.getByRole("button", { name: "Save anyway" }).click();

  await expect(page).toHaveURL(/\/customers\/cus_[a-z0-9]+$/);
  const duplicateUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name: `Acme deal ${tag}` })).toBeVisible();

  // Merge into…: the search starts from the email; pick the survivor, read the preview, confirm.
  await page.getByRole("button", { name: "Merge into…" }).click();
  const merge = page.getByRole("dialog", { name: "Merge into another customer" });
  await merge.getByRole("option", { name: new RegExp(`Acme ${tag}`) }).click();
  await expect(merge.getByTestId("merge-preview")).toContainText(`is merged into Acme ${tag}`);
  await merge.getByRole("button", { name: "Merge customers" }).click();

  await expect(page).toHaveURL(new RegExp(`/customers/${survivorId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Acme ${tag}` })).toBeVisible();
  await expect(page.getByText("Merged into", { exact: false }).first()).toBeVisible();

  // The merged customer's page now leads to the survivor.
  await page.goto(duplicateUrl);
  await expect(page).toHaveURL(new RegExp(`/customers/${survivorId}$`));
});
