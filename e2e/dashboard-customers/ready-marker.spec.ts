// The app's "ready" marker (<html data-hydrated>, which the fixtures wait for after every
// navigation) means the page's handlers are attached: a key pressed right after it is not lost.
// It used to be set by the root providers, before the page's own Suspense boundary had hydrated,
// and the Customers page's `C` shortcut was lost in 3 of 4 tries.
import { expect, test, signInAs } from "../fixtures";
import { uniqueEmail } from "../dashboard/helpers";

test("C pressed right after the ready marker opens the create dialog, every time", async ({ page }) => {
  await signInAs(page, "staff", uniqueEmail("shortcut"));
  for (let attempt = 1; attempt <= 5; attempt++) {
    // The fixture's goto returns once the marker is set; the key goes in at once.
    await page.goto("/customers");
    await page.keyboard.press("c");
    await expect(page.getByRole("dialog", { name: "Create customer" }), `attempt ${attempt}`).toBeVisible();
  }
});
