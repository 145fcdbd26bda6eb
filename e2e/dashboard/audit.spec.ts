import { domain, expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("the audit log filters by actor, action and customer, pages by keyset, and shows what changed", async ({ page }) => {
  await signInAs(page, "staff", uniqueEmail("audit-reader"));
  const suffix = uniqueSuffix();
  const action = `e2e_${suffix}.changed`;
  const actor = `robot-${suffix}@equinox.test`;
  const customerId = `cus_e2e_${suffix}`;
  // 55 events by one actor (more than a page), 1 by another about a customer, recorded as the
  // domain records them.
  const arrange = await domain();
  await arrange.auditEvents(
    { env: "sandbox", actor: { kind: "staff", userId: "usr_robot", email: actor, role: "staff" } },
    Array.from({ length: 55 }, (_, n) => ({ action, targetType: "plan", targetId: `pln_${55 - n}`, target: { name: `Plan ${55 - n}` }, before: { price: 55 - n }, after: { price: 56 - n } })),
  );
  await arrange.auditEvents({ env: "sandbox", actor: { kind: "api_key", keyId: `key_${suffix}`, label: "API key Backend" } }, [
    {
      action: `e2e_${suffix}.customer_updated`,
      targetType: "customer",
      targetId: customerId,
      customerId,
      target: { name: "Ada" },
      before: { email: "old@example.com" },
      after: { email: "new@example.com" },
    },
  ]);

  await page.goto("/audit");
  const filter = (name: string) => page.getByRole("search").getByRole(name === "Action" ? "combobox" : "textbox", { name, exact: true });
  await filter("Action").fill(`e2e_${suffix}.`);
  const table = page.getByRole("table", { name: /Audit events/ });
  await expect(page).toHaveURL(new RegExp(`action=e2e_${suffix}`));
  await expect(page.getByText("Showing 50 events, newest first")).toBeVisible();
  await page.getByRole("button", { name: "Load older events" }).click();
  await expect(page.getByText("Showing 56 events, newest first")).toBeVisible();
  await expect(page.getByText("That is the oldest event.")).toBeVisible();

  await filter("Actor").fill("robot-");
  await expect(page.getByText("Showing 50 events, newest first")).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "Backend" })).toHaveCount(0);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await filter("Customer").fill(customerId);
  await filter("Action").fill(`e2e_${suffix}.`);
  await expect(table.getByRole("row").filter({ hasText: `e2e_${suffix}.customer_updated` })).toHaveCount(1);
  await expect(page.getByText("Showing 1 event, newest first")).toBeVisible();

  // Filters live in the URL: a reload shows the same list, and a row opens to show before/after.
  await page.reload();
  await expect(filter("Customer")).toHaveValue(customerId);
  await page.getByRole("button", { name: new RegExp(`Show details of e2e_${suffix}.customer_updated`) }).click();
  const details = page.getByRole("table", { name: "1 of 1 fields changed" });
  await expect(details.getByRole("row").filter({ hasText: "email" })).toContainText("old@example.com");
  await expect(details.getByRole("row").filter({ hasText: "email" })).toContainText("new@example.com");

  await filter("Customer").fill("nobody-has-this-id");
  await expect(page.getByRole("heading", { name: "No events match these filters" })).toBeVisible();
});
