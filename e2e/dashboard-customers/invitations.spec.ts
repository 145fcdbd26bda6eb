// Issue 17: sales invite the person behind a pending customer; whoever opens the link and signs in
// with another, verified address claims it (the email becomes theirs), the owner is emailed, and
// a revoked link says so instead of claiming anything.
import { domain, expect, signInAs, sql, test, uniqueSuffix, waitForMail } from "../fixtures";
import { signInLinkFromMail } from "../dashboard/helpers";
import { preCreateCustomer } from "../portal/portal-pages";

test("an invitation sent from the customer page is accepted in another browser with another email: the customer is claimed and its owner told", async ({ page, browser }) => {
  const suffix = uniqueSuffix();
  const onRecord = `cfo-${suffix}@globex.test`;
  const signsInWith = `assistant-${suffix}@globex.test`;
  const staff = await signInAs(page, "staff", `sales-${suffix}@equinox.test`);
  const internalId = await preCreateCustomer(page, { name: `Globex ${suffix}`, email: onRecord });

  // The customer page: owned by its creator; send the invitation to the address on record.
  const followUp = page.locator("[data-slot=card]").filter({ has: page.getByRole("heading", { name: "Follow-up" }) });
  await expect(followUp.getByLabel("Owner")).toHaveValue(staff.id);
  const since = Date.now();
  await followUp.getByRole("button", { name: "Invite…" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite to claim" });
  await expect(dialog.getByLabel(/Email the link to/)).toHaveValue(onRecord);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const link = await dialog.getByLabel("Invitation link", { exact: true }).inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(followUp.getByRole("listitem", { name: `Invitation to ${onRecord}` }).getByText("Open")).toBeVisible();
  const invitationMail = await waitForMail(onRecord, since);
  expect(invitationMail.text).toContain(link);

  // The person, in a fresh browser, signs in with another address.
  const person = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const portal = await person.newPage();
  await portal.goto(link);
  await expect(portal.getByRole("heading", { name: `Globex ${suffix}'s account is ready for you` })).toBeVisible();
  await portal.getByRole("link", { name: "Accept and sign in" }).click();
  await expect(portal).toHaveURL(/\/portal\/sign-in$/);
  await portal.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const signInSince = Date.now();
  await portal.getByLabel("Email").fill(signsInWith);
  await portal.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(portal.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await portal.goto(await signInLinkFromMail(signsInWith, signInSince));
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByRole("heading", { level: 1, name: `Globex ${suffix}` })).toBeVisible();

  // Claimed, with the verified email; the history keeps the old one; the link is spent.
  const [user] = await sql<{ id: string }>(`select id from users where email = $1`, [signsInWith]);
  expect(await sql(`select external_id, email, claim_matched_by from customers where id = $1`, [internalId])).toEqual([
    { external_id: user!.id, email: signsInWith, claim_matched_by: "invitation" },
  ]);
  expect(await sql(`select before->>'email' as old from audit_events where customer_id = $1 and action = 'customer.claimed'`, [internalId])).toEqual([{ old: onRecord }]);
  await portal.goto(link);
  await expect(portal.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
  await person.close();

  // The owner's alert (through the outbox), and the timeline says how it was matched.
  const alert = await waitForMail(staff.email, since);
  expect(alert.subject).toBe(`Globex ${suffix} just signed up`);
  expect(alert.text).toContain("matched by invitation");
  await page.reload();
  await expect(page.getByText("Claimed through an invitation")).toBeVisible();
});

test("a revoked invitation link shows that it was withdrawn and claims nothing", async ({ page }) => {
  const email = `revoked-${uniqueSuffix()}@globex.test`;
  const arrange = await domain();
  const pending = await arrange.customer({ id: null, email, name: "Revoked Co" });
  const link = await arrange.invitation(pending.id, { revoked: true });

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Accept and sign in" })).toHaveCount(0);
  // Straight to the accept address: back to the page that says why, and no invitation is remembered.
  await page.goto(new URL(`${new URL(link).pathname}/accept`, link).toString());
  await expect(page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("equinox_invitation");
  expect(await sql(`select external_id from customers where id = $1`, [pending.id])).toEqual([{ external_id: null }]);
});
