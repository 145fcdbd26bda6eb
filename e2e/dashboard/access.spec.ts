import { expect, test, signInAs, sql } from "../fixtures";
import { captureServerAction, postServerAction, uniqueEmail } from "./helpers";

const DASHBOARD_PAGES = ["/plans", "/plans/new", "/features", "/api-keys", "/audit", "/staff", "/no-access", "/customers"];

test.describe("who may use the dashboard", () => {
  test("a signed-in user without a staff role sees no access on every dashboard page, and its data routes refuse", async ({ page }) => {
    const user = await signInAs(page, null, uniqueEmail("customer"));
    for (const path of DASHBOARD_PAGES) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "No access to the dashboard" }), path).toBeVisible();
      await expect(page.getByText(user.email)).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    }
    const events = await page.request.get("/api/dashboard/audit-events");
    expect(events.status()).toBe(403);
    expect(await events.json()).toMatchObject({ code: "forbidden" });
  });

  test("server actions refuse non-staff and anonymous callers in the domain layer, whatever the UI shows", async ({ browser }) => {
    // An admin's browser makes the real requests; their action ids are then replayed by others.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInAs(admin, "admin", uniqueEmail("action-admin"));
    // A page of its own context, not the fixture's: wait for hydration as the fixture does, or a
    // click before React attaches its handlers is lost.
    const openHydrated = async (path: string) => {
      await admin.goto(path);
      await admin.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 20_000 });
    };
    await openHydrated("/api-keys");
    await admin.getByRole("button", { name: "New API key" }).first().click();
    await admin.getByRole("dialog").getByRole("textbox", { name: "Name", exact: true }).fill("captured");
    const createKey = await captureServerAction(admin, () => admin.getByRole("dialog").getByRole("button", { name: "Create key" }).click());
    expect(createKey.body).toContain("captured");

    await openHydrated("/features");
    await admin.getByRole("button", { name: "New feature" }).first().click();
    const featureDialog = admin.getByRole("dialog");
    await featureDialog.getByRole("textbox", { name: "Name", exact: true }).fill("Captured feature");
    await featureDialog.getByLabel("Feature id").fill(`captured_${Date.now()}`);
    const createFeature = await captureServerAction(admin, () => featureDialog.getByRole("button", { name: "Create feature" }).click());

    const customerContext = await browser.newContext();
    const customer = await customerContext.newPage();
    await signInAs(customer, null, uniqueEmail("action-customer"));
    const staffContext = await browser.newContext();
    const staff = await staffContext.newPage();
    await signInAs(staff, "staff", uniqueEmail("action-staff"));
    const anonymous = await browser.newContext();

    const keyName = `forged-${Date.now()}`;
    const keyBody = createKey.body.replace("captured", keyName);
    const asCustomer = await postServerAction(customer.request, createKey, keyBody);
    expect(asCustomer.text).toContain('"code":"forbidden"');
    expect(asCustomer.text).toContain("no access to the Equinox dashboard");
    const asStaff = await postServerAction(staff.request, createKey, keyBody);
    expect(asStaff.text).toContain('"code":"forbidden"');
    const asAnonymous = await postServerAction(anonymous.request, createKey, keyBody);
    expect(asAnonymous.text).toContain('"code":"unauthorized"');
    expect(await sql(`select 1 from api_keys where name = $1`, [keyName])).toHaveLength(0);

    const featureId = `forged_${Date.now()}`;
    const featureBody = createFeature.body.replace(/captured_\d+/, featureId);
    for (const caller of [customer.request, staff.request]) {
      const result = await postServerAction(caller, createFeature, featureBody);
      expect(result.text).toContain('"code":"forbidden"');
    }
    expect(await sql(`select 1 from features where feature_id = $1`, [featureId])).toHaveLength(0);

    // The same request from the admin is accepted: the refusals above are about who asks.
    const asAdmin = await postServerAction(admin.request, createFeature, featureBody);
    expect(asAdmin.text).toContain('"ok":true');
    expect(await sql(`select 1 from features where feature_id = $1`, [featureId])).toHaveLength(1);

    for (const context of [adminContext, customerContext, staffContext, anonymous]) await context.close();
  });

  test("staff (not admin) see the catalog read-only and no admin pages", async ({ page }) => {
    await signInAs(page, "staff", uniqueEmail("staff-only"));
    await page.goto("/features");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Features" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "API keys" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Staff" })).toHaveCount(0);
    await expect(page.getByText("only admins can change it")).toBeVisible();
    await expect(page.getByRole("button", { name: "New feature" })).toHaveCount(0);

    await page.goto("/plans");
    await expect(page.getByRole("link", { name: "New plan" })).toHaveCount(0);

    for (const path of ["/api-keys", "/staff", "/plans/new"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/no-access/);
      await expect(page.getByRole("heading", { name: "This page is for admins" })).toBeVisible();
    }
  });
});
