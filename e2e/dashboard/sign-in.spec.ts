import { domain, expect, test, createUser, sql } from "../fixtures";
import { addSession, signInLinkFromMail, uniqueEmail } from "./helpers";

test.describe("signing in with an email link", () => {
  test("a staff member signs in through the link in the email, then signs out", async ({ page }) => {
    const user = await createUser("staff", uniqueEmail("magic"));
    await page.goto("/plans");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fplans/);
    await expect(page.getByRole("heading", { name: "Sign in to Equinox" })).toBeVisible();

    const since = Date.now();
    await page.getByLabel("Work email").fill(user.email.toUpperCase());
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeFocused();
    await expect(page.getByText(user.email)).toBeVisible();

    const link = await signInLinkFromMail(user.email, since);
    await page.goto(link);
    await expect(page).toHaveURL(/\/plans$/);
    await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toBeVisible();

    // The link worked once; a second use is refused with a way forward.
    const second = await page.context().browser()!.newContext();
    const other = await second.newPage();
    await other.goto(link);
    await expect(other.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
    await second.close();

    await page.getByRole("button", { name: new RegExp(user.email) }).click();
    await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/plans");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("an invalid address is pointed out on the field", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Work email").fill("not-an-address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByLabel("Work email")).toHaveAttribute("aria-invalid", "true");
  });

  test("sign out everywhere ends the sessions of every browser", async ({ browser }) => {
    const user = await createUser("admin", uniqueEmail("everywhere"));
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    await addSession(laptop, user.id);
    await addSession(phone, user.id);
    const phonePage = await phone.newPage();
    await phonePage.goto("/features");
    await expect(phonePage.getByRole("heading", { level: 1, name: "Features" })).toBeVisible();

    const page = await laptop.newPage();
    await page.goto("/features");
    await page.getByRole("button", { name: new RegExp(user.email) }).click();
    await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
    await expect(page.getByText("You are signed out on every device.")).toBeVisible();

    expect(await sql(`select 1 from sessions where user_id = $1`, [user.id])).toHaveLength(0);
    await phonePage.reload();
    await expect(phonePage).toHaveURL(/\/sign-in/);
    await laptop.close();
    await phone.close();
  });

  test("the demo admin's one-time link (as `npm run dev` prints it) signs in", async ({ page, baseURL }) => {
    const user = await createUser("admin", uniqueEmail("demo-link"));
    const link = await (await domain()).signInLink(user.email, `${baseURL}/audit`);
    await page.goto(link.url);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  });
});

test.describe("before the page's scripts run", () => {
  test.use({ waitForHydration: false });

  test("the sign-in form cannot be sent by the browser itself (the email stays out of the URL)", async ({ page }) => {
    // Scripts never arrive: the page stays as the server rendered it.
    await page.route("**/_next/static/chunks/**", (route) => route.abort());
    await page.goto("/sign-in");
    const email = page.getByLabel("Work email");
    await email.fill("early@example.com");
    await expect(page.getByRole("button", { name: "Email me a sign-in link" })).toBeDisabled();
    // A submission would navigate at once; none comes.
    const navigated = page.waitForEvent("framenavigated", { timeout: 1_000 }).then(
      () => true,
      () => false,
    );
    await email.press("Enter");
    expect(await navigated).toBe(false);
    expect(page.url()).not.toContain("early");
    await expect(email).toHaveValue("early@example.com");
  });
});
