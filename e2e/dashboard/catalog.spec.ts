import { domain, expect, test, signInAs, sql, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("an admin builds the catalog: features, a priced plan with items, a new version, archive", async ({ page }) => {
  // One story through two dialogs, two editors and a customer: more than the default minute on a 2-core CI machine.
  test.slow();
  await signInAs(page, "admin", uniqueEmail("catalog-admin"));
  const suffix = uniqueSuffix();
  const messages = `messages_${suffix}`;
  const sso = `sso_${suffix}`;

  await page.goto("/features");
  for (const [name, id, type] of [
    [`Messages ${suffix}`, messages, "Metered"],
    [`SSO ${suffix}`, sso, "On/off"],
  ] as const) {
    await page.getByRole("button", { name: "New feature" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await dialog.getByLabel("Feature id").fill(id);
    await dialog.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: type }).click();
    if (id === messages) {
      const eventNames = dialog.getByRole("textbox", { name: /^Event names/ });
      await eventNames.fill("message_sent");
      await eventNames.press("Enter");
      await expect(dialog.getByRole("button", { name: "Remove message_sent" })).toBeVisible();
    }
    await dialog.getByRole("button", { name: "Create feature" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("row").filter({ hasText: id })).toContainText(type);
  }

  // A duplicate id is reported on its field, and the dialog stays open.
  await page.getByRole("button", { name: "New feature" }).first().click();
  const duplicate = page.getByRole("dialog");
  await duplicate.getByRole("textbox", { name: "Name", exact: true }).fill("Again");
  await duplicate.getByLabel("Feature id").fill(messages);
  await duplicate.getByRole("button", { name: "Create feature" }).click();
  await expect(duplicate.getByText(`A feature with id ${messages} already exists`)).toBeVisible();
  await expect(duplicate.getByLabel("Feature id")).toBeFocused();
  await duplicate.getByRole("button", { name: "Cancel" }).click();

  // Rename through Edit.
  await page.getByRole("button", { name: `Actions for SSO ${suffix}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await page.getByRole("dialog").getByRole("textbox", { name: "Name", exact: true }).fill(`Single sign-on ${suffix}`);
  await page.getByRole("dialog").getByRole("button", { name: "Save feature" }).click();
  await expect(page.getByRole("row").filter({ hasText: sso })).toContainText(`Single sign-on ${suffix}`);

  // A plan: price in money, two items.
  const planId = `pro_${suffix}`;
  await page.goto("/plans/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(`Pro ${suffix}`);
  await page.getByLabel("Plan id").fill(planId);
  await page.getByRole("combobox", { name: "Pricing" }).click();
  await page.getByRole("option", { name: "Recurring" }).click();
  await page.getByLabel("Amount").fill("12.50");
  await page.getByRole("combobox", { name: "Add a feature" }).click();
  await page.getByRole("option", { name: new RegExp(`Messages ${suffix}`) }).click();
  await page.getByLabel("Included").fill("1000");
  await page.getByRole("combobox", { name: "Add a feature" }).click();
  await page.getByRole("option", { name: new RegExp(`Single sign-on ${suffix}`) }).click();
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page).toHaveURL(new RegExp(`/plans/${planId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Pro ${suffix}` })).toBeVisible();
  await expect(page.getByText("$12.50 / month · 2 features")).toBeVisible();

  const [version] = await sql<{ price_amount: number; price_interval: string }>(
    `select v.price_amount, v.price_interval from plan_versions v join plans p on p.id = v.plan_pk where p.plan_id = $1 and v.version = 1`,
    [planId],
  );
  expect(version).toEqual({ price_amount: 1250, price_interval: "month" });

  // While no customer has the plan, a new price edits version 1 in place.
  await page.getByLabel("Amount").fill("14");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved", { exact: true })).toBeVisible();
  await expect(page.getByText("$14.00 / month · 2 features")).toBeVisible();

  // Once a customer has it, a new price makes version 2, and the customer keeps version 1.
  const arrange = await domain();
  const holder = await arrange.customer({ id: `holder_${suffix}`, email: uniqueEmail("catalog-holder") });
  await arrange.enablePlan("sandbox", holder.id, planId);
  await page.reload();
  await page.getByLabel("Amount").fill("15");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Plan saved as version 2")).toBeVisible();
  await expect(page.getByText("$15.00 / month · 2 features")).toBeVisible();
  const versions = await sql<{ version: number; price_amount: number }>(
    `select v.version, v.price_amount from plan_versions v join plans p on p.id = v.plan_pk where p.plan_id = $1 order by v.version`,
    [planId],
  );
  expect(versions).toEqual([
    { version: 1, price_amount: 1400 },
    { version: 2, price_amount: 1500 },
  ]);

  await page.goto("/plans");
  await expect(page.getByRole("row").filter({ hasText: planId })).toContainText("$15.00 / month");

  // Archive with confirmation.
  await page.getByRole("link", { name: `Pro ${suffix}` }).click();
  await page.getByRole("button", { name: "Archive…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Archive plan" }).click();
  await expect(page.getByText("Archived", { exact: true })).toBeVisible();
  await page.goto("/plans");
  await expect(page.getByRole("row").filter({ hasText: planId })).toHaveCount(0);
  await page.getByLabel("Show archived").click();
  await expect(page.getByRole("row").filter({ hasText: planId })).toContainText("Archived");
});

test("plan form errors are shown on their fields", async ({ page }) => {
  await signInAs(page, "admin", uniqueEmail("catalog-errors"));
  await page.goto("/plans/new");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Plan id")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Plan id").fill("has spaces");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Bad");
  await page.getByRole("button", { name: "Create plan" }).click();
  await expect(page.getByText("May contain only letters, digits, _ and -")).toBeVisible();
});
