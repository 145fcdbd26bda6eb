import { expect, test, signInAs, sql } from "../fixtures";
import { signInLinkFromMail, uniqueEmail } from "./helpers";

test("an admin invites a staff member, who signs in from the invitation; then changes the role and removes access", async ({ page, browser }) => {
  await signInAs(page, "admin", uniqueEmail("staff-admin"));
  await page.goto("/staff");
  const invitee = uniqueEmail("invitee");

  const since = Date.now();
  await page.getByRole("button", { name: "Invite staff" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(invitee);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: invitee });
  await expect(row).toContainText("Staff");
  await expect(row).toContainText("Invited");

  const link = await signInLinkFromMail(invitee, since);
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(link);
  await inviteePage.goto("/audit");
  await expect(inviteePage.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();

  await page.reload();
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: `Actions for ${invitee}` }).click();
  await page.getByRole("menuitem", { name: "Make admin" }).click();
  await expect(row).toContainText("Admin");

  await row.getByRole("button", { name: `Actions for ${invitee}` }).click();
  await page.getByRole("menuitem", { name: "Remove access…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove access" }).click();
  await expect(row).toHaveCount(0);
  // The row can leave the table while the table re-renders, before the action has committed:
  // wait for the database to say so.
  await expect.poll(() => sql(`select role from users where email = $1`, [invitee])).toEqual([{ role: null }]);

  // Their next page load shows no access.
  await inviteePage.goto("/audit");
  await expect(inviteePage.getByRole("heading", { name: "No access to the dashboard" })).toBeVisible();
  await inviteeContext.close();
});

test("inviting an address that is already staff is refused on the field", async ({ page }) => {
  const admin = await signInAs(page, "admin", uniqueEmail("staff-dup"));
  await page.goto("/staff");
  await page.getByRole("button", { name: "Invite staff" }).click();
  await page.getByRole("dialog").getByLabel("Email").fill(admin.email);
  await page.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("dialog").getByText(`${admin.email} already has dashboard access (admin)`)).toBeVisible();
});
