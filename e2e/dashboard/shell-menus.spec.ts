// The shell's user menu and the narrow screens' navigation drawer load their code on first use
// (components/shell/user-menu.tsx, app-shell.tsx). Opened by pointer or keyboard, they behave as
// menus and dialogs do: focus goes in, Escape closes, focus comes back to the button.
import { expect, test, signInAs } from "../fixtures";
import { uniqueEmail } from "./helpers";

test("the user menu opens from the keyboard on first use, and Escape returns to its button", async ({ page }) => {
  const email = uniqueEmail("menu-keys");
  await signInAs(page, "staff", email);
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();

  const button = page.getByRole("button", { name: new RegExp(email) });
  await expect(button).toHaveAttribute("aria-haspopup", "menu");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Sign out", exact: true })).toBeVisible();
  await expect(page.getByRole("menu").getByText("Role: Staff")).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(page.getByRole("button", { name: new RegExp(email) })).toBeFocused();
  // Once loaded it is the menu's own trigger: it opens again at once.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sign out everywhere" })).toBeVisible();
});

test("on a narrow screen the navigation drawer opens, navigates, and closes back to its button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signInAs(page, "staff", uniqueEmail("drawer"));
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();

  const open = page.getByRole("button", { name: "Open navigation" });
  await open.click();
  const drawer = page.getByRole("dialog", { name: "Navigation" });
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Open navigation" })).toBeFocused();

  await page.getByRole("button", { name: "Open navigation" }).click();
  await drawer.getByRole("link", { name: "Plans" }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
  await expect(drawer).toHaveCount(0);
});
