// The Details card at a common laptop width (1360 px): a long email and the internal id are shown
// whole (wrapped), not cut, and each can be copied exactly.
import { expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { uniqueEmail } from "../dashboard/helpers";
import { createCustomerRow } from "./arrange";

test.use({ viewport: { width: 1360, height: 900 } });

test("the Details card shows the whole email and internal id at 1360 px", async ({ page }, testInfo) => {
  await signInAs(page, "staff", uniqueEmail("details"));
  const tag = uniqueSuffix();
  const email = `accounts-payable.department-${tag}@very-long-company-name-${tag}.example`;
  const internalId = await createCustomerRow({ externalId: `org_${tag}_with_a_fairly_long_application_id`, email, name: `Longname ${tag}` });
  await page.goto(`/customers/${internalId}`);

  const card = page.locator('[data-slot="card"]').filter({ has: page.getByRole("heading", { name: "Details", exact: true }) });
  for (const value of [email, internalId]) {
    const text = card.getByText(value, { exact: true });
    await expect(text).toBeVisible();
    // Not cut: the text fits its box (no hidden overflow), and the box stays inside the card.
    const fits = await text.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits, `${value} is cut`).toBe(true);
    const [box, cardBox] = [await text.boundingBox(), await card.boundingBox()];
    expect(box!.x + box!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
  }
  await expect(card.getByRole("button", { name: "Copy email" })).toBeVisible();
  await expect(card.getByRole("button", { name: "Copy internal ID" })).toBeVisible();
  await card.screenshot({ path: testInfo.outputPath("details-card-1360.png") });
});
