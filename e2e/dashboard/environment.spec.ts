import { expect, test, signInAs } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("the environment switch changes what is shown, and Live is marked", async ({ page }) => {
  await signInAs(page, "admin", uniqueEmail("env-admin"));
  await page.goto("/api-keys");
  const environment = page.getByRole("group", { name: "Environment" });
  await expect(environment.getByRole("button", { name: "Sandbox" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("region", { name: "Live environment notice" })).toHaveCount(0);

  await environment.getByRole("button", { name: "Live" }).click();
  await expect(environment.getByRole("button", { name: "Live" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("region", { name: "Live environment notice" })).toBeVisible();
  await expect(page.getByText("These belong to the live environment")).toBeVisible();

  // The choice is remembered across pages (cookie), and a forged cookie value falls back to sandbox.
  await page.goto("/features");
  await expect(page.getByRole("region", { name: "Live environment notice" })).toBeVisible();
  const url = new URL(process.env.E2E_BASE_URL!);
  await page.context().addCookies([{ name: "equinox-env", value: "production", domain: url.hostname, path: "/" }]);
  await page.reload();
  await expect(environment.getByRole("button", { name: "Sandbox" })).toHaveAttribute("aria-pressed", "true");
});
