// The bulk import on the dashboard: a small CSV (semicolons, a byte-order mark, a quoted name with
// the separator inside) is mapped, dry-run, applied; the new customer is in the list, and the
// rejected rows download as CSV with their reason.
import fs from "node:fs";
import { expect, test, signInAs, uniqueSuffix } from "../fixtures";
import { createCustomerRow } from "./arrange";

test("staff import a CSV of customers: dry run, apply, the customer appears, rejected rows download", async ({ page }) => {
  const tag = uniqueSuffix();
  const taken = `taken-${tag}@globex.example`;
  await createCustomerRow({ externalId: null, email: taken });
  const csv = [
    "\uFEFFCustomer ID;Email;Company;Region",
    `acme_${tag};ana-${tag}@acme.example;"Acme; Inc.";EU`,
    `;lead-${tag}@initech.example;Initech;US`,
    `;${taken};Globex;US`,
    `;not-an-email;Broken;US`,
  ].join("\n");

  await signInAs(page, "staff");
  await page.goto("/customers");
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import customers" })).toBeVisible();

  await page.getByLabel("CSV file").setInputFiles({ name: `crm-${tag}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await expect(page.getByText("4 rows, separated by semicolons.")).toBeVisible();
  await expect(page.getByLabel("Import “Company” as")).toHaveValue("name");
  await expect(page.getByLabel("Metadata key for “Region”")).toHaveValue("Region");
  await page.getByRole("button", { name: "Dry run" }).click();

  const dryRun = page.getByRole("table", { name: "Dry run" });
  await expect(dryRun.getByRole("row")).toHaveCount(5);
  await expect(dryRun.getByText("Create with id")).toBeVisible();
  await expect(dryRun.getByText("Create pending")).toBeVisible();
  await expect(dryRun.getByText("Skip: Pending email taken")).toBeVisible();
  await expect(dryRun.getByText("Skip: Invalid email")).toBeVisible();

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download 2 rejected rows" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`crm-${tag}-rejected.csv`);
  const rejected = fs.readFileSync(await download.path(), "utf8");
  expect(rejected.split(/\r?\n/)).toEqual([
    "row,Customer ID,Email,Company,Region,reason,message",
    `3,,${taken},Globex,US,pending_email_taken,email: another customer without an id already has this email in this environment`,
    "4,,not-an-email,Broken,US,invalid_email,email: not a valid email address",
  ]);

  await page.getByRole("button", { name: "Apply 2 rows" }).click();
  await expect(page.getByText("Import applied", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("table", { name: "Recent imports" }).getByText(`crm-${tag}.csv`)).toBeVisible();

  await page.getByRole("link", { name: "View customers" }).click();
  await page.getByRole("searchbox", { name: "Search customers by id, name or email" }).fill(`acme_${tag}`);
  const table = page.getByRole("table", { name: "Customers" });
  await expect(table.getByText("Acme; Inc.")).toBeVisible();
});
