"use server";
// The import page's mutations: thin adapters onto the import's domain functions (customer-imports.ts).
import { staffAction } from "@/lib/auth/staff-action";
import { applyCustomerImportBatch, stageCustomerImport, undoCustomerImport } from "./customer-imports";
import type { CustomerImportRefInput, StageCustomerImportInput } from "./schemas";

/** The dry run: the mapped rows are judged and kept as an import ready to apply; no customer is written. */
export async function stageCustomerImportAction(input: StageCustomerImportInput) {
  return staffAction((ctx) => stageCustomerImport(ctx, input));
}

/** Applies the next batch of rows; the page calls it until `done`, showing the progress. */
export async function applyCustomerImportBatchAction(input: CustomerImportRefInput) {
  return staffAction((ctx) => applyCustomerImportBatch(ctx, input), { revalidate: ["/customers", "/customers/import"] });
}

export async function undoCustomerImportAction(input: CustomerImportRefInput) {
  return staffAction((ctx) => undoCustomerImport(ctx, input), { revalidate: ["/customers", "/customers/import"] });
}
