// The example app (examples/nextjs-autumn) against Equinox, in Chromium: a developer's app built
// on autumn-js's React provider and hooks and its backend handler. A signed-in user sees the
// pricing table from Equinox's plans, starts on the free plan (its preview: nothing due), uses the
// metered feature (check + track on the app's server) and sees usage go up, upgrades to Pro (the
// preview's amounts, then Stripe Checkout in the emulator), and cancels (the plan shows its end).
import { domain, expect, sql, test as base, uniqueSuffix } from "../fixtures";
import { createApiKey } from "../fixtures-api";
import { startExampleApp, type ExampleApp } from "../harness/example-app";
import { waitForActivePlan } from "./arrange";

const test = base.extend<object, { exampleApp: ExampleApp }>({
  // Built once (and only when its sources changed since the last build), served for the worker.
  exampleApp: [
    async ({}, use) => {
      const key = await createApiKey("sandbox");
      const app = await startExampleApp({ equinoxUrl: process.env.E2E_BASE_URL!, secretKey: key.secret });
      await use(app);
      await app.stop();
    },
    { scope: "worker", timeout: 240_000 },
  ],
});

async function arrangeCatalog() {
  const arrange = await domain();
  const suffix = uniqueSuffix();
  const feature = await arrange.feature("sandbox", { featureId: `notes_${suffix}`, name: "Notes", type: "single_use" });
  // One group: Pro replaces Free when attached. Unique names: the e2e database holds other specs' plans.
  const group = `example_${suffix}`;
  const free = await arrange.plan("sandbox", { planId: `free_${suffix}`, name: `Free ${suffix}`, group, items: [{ featureId: feature.id, included: 5, resetInterval: "month" }] });
  const pro = await arrange.plan("sandbox", {
    planId: `pro_${suffix}`,
    name: `Pro ${suffix}`,
    group,
    price: { amount: 2000, currency: "usd", interval: "month" },
    items: [{ featureId: feature.id, included: 100, resetInterval: "month" }],
  });
  return { suffix, feature, free, pro };
}

test("the example app shows the plans, previews and attaches, meters usage, upgrades through Checkout and cancels", async ({ page, exampleApp }) => {
  const { suffix, pro } = await arrangeCatalog();
  const userId = `example_${suffix}`;

  // The demo sign-in: the app's server now tells Equinox who this customer is.
  await page.goto(exampleApp.url);
  const signIn = page.getByRole("form", { name: "Sign in" });
  await signIn.getByLabel("User id").fill(userId);
  await signIn.getByLabel("Email").fill(`${userId}@example.test`);
  await signIn.getByRole("button", { name: "Sign in" }).click();

  // The pricing table: Equinox's plans, with what attaching each would do for this customer.
  const pricing = page.getByRole("list", { name: "Pricing table" });
  const freeCard = pricing.getByRole("listitem", { name: `Free ${suffix}` });
  const proCard = pricing.getByRole("listitem", { name: `Pro ${suffix}` });
  await expect(freeCard.getByText("Free", { exact: true })).toBeVisible();
  await expect(freeCard.getByText(`5 Notes per month`)).toBeVisible();
  await expect(proCard.getByText("$20.00 / month")).toBeVisible();
  await expect(proCard.getByText(`100 Notes per month`)).toBeVisible();
  await expect(page.getByText("No plan yet: choose one below.")).toBeVisible();

  // The free plan: its preview says nothing is due; confirming attaches it at once (no Checkout).
  await freeCard.getByRole("button", { name: "Get started" }).click();
  let dialog = page.getByRole("dialog", { name: `Switch to Free ${suffix}` });
  await expect(dialog.getByText("Due today: $0.00")).toBeVisible();
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  const yourPlans = page.getByRole("list", { name: "Your plans" });
  await expect(yourPlans.getByRole("listitem", { name: `Free ${suffix}` }).getByText(/^Active/)).toBeVisible();
  await expect(freeCard.getByRole("button", { name: "Current plan" })).toBeDisabled();

  // Usage: the button checks and tracks on the app's server; the balance read again shows it.
  const notes = page.getByRole("list", { name: "Usage" }).getByRole("listitem", { name: "Notes" });
  await expect(notes.getByText("0 used of 5 · 5 left")).toBeVisible();
  await notes.getByRole("button", { name: "Use one notes" }).click();
  await expect(notes.getByText("1 used of 5 · 4 left")).toBeVisible();
  await notes.getByRole("button", { name: "Use one notes" }).click();
  await expect(notes.getByText("2 used of 5 · 3 left")).toBeVisible();

  // The upgrade: the preview's amounts first, then Stripe Checkout (the emulator's page).
  await proCard.getByRole("button", { name: "Upgrade" }).click();
  dialog = page.getByRole("dialog", { name: `Switch to Pro ${suffix}` });
  await expect(dialog.getByRole("table", { name: "Charges" }).getByRole("row").filter({ hasText: "$20.00" })).toHaveCount(1);
  await expect(dialog.getByText("Due today: $20.00")).toBeVisible();
  await expect(dialog.getByText(/^Then \$20\.00 from /)).toBeVisible();
  await dialog.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(new RegExp(`^${process.env.E2E_STRIPE_URL}/checkout/cs_test_`));
  await expect(page.getByText(`Pro ${suffix}`)).toBeVisible();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(new RegExp(`^${exampleApp.url}`));
  // The webhook activates the plan; the page read before it arrived may still show Free.
  const [customer] = await sql<{ id: string }>(`select id from customers where env = 'sandbox' and external_id = $1`, [userId]);
  await waitForActivePlan(customer!.id, pro.id);
  await page.reload();
  const proPlan = yourPlans.getByRole("listitem", { name: `Pro ${suffix}` });
  await expect(proPlan.getByText(/^Active · renews /)).toBeVisible();
  await expect(yourPlans.getByRole("listitem", { name: `Free ${suffix}` })).toHaveCount(0);
  await expect(proCard.getByRole("button", { name: "Current plan" })).toBeDisabled();
  await expect(notes.getByText(/ used of 100 · /)).toBeVisible();

  // The cancellation: at the end of the period paid for, which the plan now shows.
  await proPlan.getByRole("button", { name: "Cancel plan" }).click();
  await expect(proPlan.getByText(/^Active · ends [A-Z][a-z]{2} \d{1,2}, \d{4}$/)).toBeVisible();
  await expect(proPlan.getByRole("button", { name: "Keep my plan" })).toBeVisible();
});
