import { expect, test, signInAs, sql, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("the audit log filters by actor, action and customer, pages by keyset, and shows what changed", async ({ page }) => {
  await signInAs(page, "staff", uniqueEmail("audit-reader"));
  const suffix = uniqueSuffix();
  const action = `e2e_${suffix}.changed`;
  const actor = `robot-${suffix}@equinox.test`;
  const customerId = `cus_e2e_${suffix}`;
  // 55 events by one actor (more than a page), 1 by another about a customer.
  await sql(
    `insert into audit_events (id, env, actor_kind, actor_id, actor_label, action, target_type, target_id, target, before, after, created_at)
     select 'aud_e2e_${suffix}_' || lpad(i::text, 3, '0'), 'sandbox', 'staff', 'usr_robot', $1, $2, 'plan', 'pln_' || i, jsonb_build_object('name', 'Plan ' || i),
            jsonb_build_object('price', i), jsonb_build_object('price', i + 1), now() - (i || ' seconds')::interval
       from generate_series(1, 55) as i`,
    [actor, action],
  );
  await sql(
    `insert into audit_events (id, env, actor_kind, actor_label, action, target_type, target_id, customer_id, target, before, after)
     values ($1, 'sandbox', 'api_key', 'API key Backend', $2, 'customer', $3, $3, '{"name":"Ada"}', '{"email":"old@example.com"}', '{"email":"new@example.com"}')`,
    [`aud_e2e_${suffix}_cus`, `e2e_${suffix}.customer_updated`, customerId],
  );

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
