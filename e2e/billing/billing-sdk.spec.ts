// The billing calls of the official SDK (autumn-js 1.3.13, failOpen: false, so a bad answer
// fails the test rather than becoming a fake success): each answer passes the SDK's own response
// validation, and each URL opens the (emulated) Stripe page it promises.
import { AutumnError } from "autumn-js";
import { expect, test, uniqueSuffix } from "../fixtures";
import { autumnClient, createApiKey } from "../fixtures-api";
import { E2E_STRIPE } from "../harness/stripe";
import { createProPlan } from "./arrange";

test("billing.attach (paid), billing.openCustomerPortal and billing.setupPayment pass the SDK's validation", async ({ page }) => {
  const autumn = autumnClient(await createApiKey());
  const customerId = `sdk_${uniqueSuffix()}`;
  await autumn.customers.getOrCreate({ customerId, name: "SDK Buyer", email: `${customerId}@example.test` });
  const pro = await createProPlan({ interval: "one_off", amount: 4900 });

  const attach = await autumn.billing.attach({ customerId, planId: pro.planId });
  expect(attach).toMatchObject({ customerId, paymentUrl: expect.stringContaining("/checkout/cs_test_") });
  await page.goto(attach.paymentUrl!);
  await expect(page.getByRole("button", { name: "Pay $49.00" })).toBeVisible();

  const portal = await autumn.billing.openCustomerPortal({ customerId, returnUrl: `${process.env.E2E_BASE_URL}/` });
  expect(portal).toEqual({ customerId, url: expect.stringContaining("/billing_portal/") });
  await page.goto(portal.url);
  await expect(page.getByRole("link", { name: /Return/ })).toBeVisible();

  const setup = await autumn.billing.setupPayment({ customerId, successUrl: `${process.env.E2E_BASE_URL}/` });
  expect(setup).toMatchObject({ customerId, url: expect.stringContaining("/checkout/cs_test_") });
  await page.goto(setup.url);
  await expect(page.getByRole("button", { name: "Save card" })).toBeVisible();

  // One Stripe customer behind all three.
  const again = await autumn.customers.getOrCreate({ customerId });
  expect(again.stripeId).toMatch(/^cus_/);

  // A name edit reaches the Stripe customer through the outbox worker of the running app.
  await autumn.customers.update({ customerId, name: "Renamed Buyer" });
  await expect
    .poll(async () => {
      const response = await fetch(`${process.env.E2E_STRIPE_URL}/v1/customers/${again.stripeId}`, { headers: { authorization: `Bearer ${E2E_STRIPE.keys.sandbox}` } });
      return ((await response.json()) as { name: string | null }).name;
    }, { timeout: 15_000 })
    .toBe("Renamed Buyer");
});

test("billing calls for an unknown customer fail with the contract's error, not a fake success", async () => {
  const autumn = autumnClient(await createApiKey());
  const ghost = `ghost_${uniqueSuffix()}`;
  const error = await autumn.billing.openCustomerPortal({ customerId: ghost }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AutumnError);
  expect((error as AutumnError).statusCode).toBe(404);
  expect(JSON.parse((error as AutumnError).body)).toEqual({ code: "customer_not_found", message: `Customer ${ghost} not found`, env: "sandbox" });
});
