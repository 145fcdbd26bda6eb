// The bulk import's inputs and answers, one schema each: the dashboard's CSV flow (after column
// mapping), the server actions and POST /v1/customers.import all send rows of this shape, and the
// OpenAPI document is generated from it. A row's cells are taken loosely here (strings, numbers,
// null) so that one bad row never refuses the whole request: each row is judged on its own by
// judgeRow (row-rules.ts), which answers "skip" with a reason instead.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

/** At most this many rows per import (a 10,000-row file applies in well under 30 s). */
export const IMPORT_MAX_ROWS = 10_000;
/** Rows written per transaction: a batch is all written or not at all. */
export const IMPORT_BATCH_SIZE = 500;

export const IMPORT_OUTCOMES = ["create_pending", "create", "update", "skip"] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export const SKIP_REASONS = ["pending_email_taken", "invalid_email", "unknown_plan", "duplicate_in_file", "invalid_row"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const cellText = (max: number, description: string) =>
  z.string({ error: "must be a string or null" }).max(max, `at most ${max} characters`).nullable().optional().meta({ description });

const metadataValue = z.union([z.string().max(5000, "at most 5000 characters"), z.number(), z.boolean(), z.null()], {
  error: "must be a string, number, boolean or null",
});

/** One customer to import, as mapped from a file's columns (or sent as JSON to the API). */
export const importRowSchema = z
  .object({
    id: cellText(300, "Your id for the customer. Blank or absent: a pending customer, matched by email when the person signs up."),
    name: cellText(600, "Display name."),
    email: cellText(400, "Email address (required without an id)."),
    plan_id: cellText(300, "A plan to enable (its id), with the negotiated price below if any."),
    price: z
      .union([z.number(), z.string().max(40, "at most 40 characters")], { error: "must be a number or a string" })
      .nullable()
      .optional()
      .meta({ description: 'Negotiated price in major units (`1200`, `"1,200.50"`, `"1200,50"`); blank: the plan\'s price.', examples: [1200] }),
    currency: cellText(20, "Three-letter ISO code of the negotiated price (default: the plan's)."),
    starts_at: cellText(40, "When the plan starts: `YYYY-MM-DD` or an ISO date-time (default now; later: scheduled)."),
    ends_at: cellText(40, "When the plan ends: `YYYY-MM-DD` or an ISO date-time."),
    metadata: z
      .record(z.string().max(100, "keys: at most 100 characters"), metadataValue, { error: "must be an object" })
      .optional()
      .meta({ description: "Extra columns, kept as the customer's metadata (merged into an existing customer's)." }),
  })
  .meta({ id: "CustomerImportRow" });
export type ImportRowInput = z.input<typeof importRowSchema>;
export type ImportRow = z.output<typeof importRowSchema>;

const importRows = z
  .array(importRowSchema, { error: "must be an array of rows" })
  .min(1, "must hold at least one row")
  .max(IMPORT_MAX_ROWS, `at most ${IMPORT_MAX_ROWS} rows per import`);

const fileName = z.string({ error: "must be a string" }).trim().max(255, "at most 255 characters").optional().meta({ description: "Shown in the import's history." });

/** POST /v1/customers.import. */
export const importCustomersInput = z.object({
  rows: importRows,
  dry_run: z
    .boolean({ error: "must be true or false" })
    .optional()
    .default(false)
    .meta({ description: "true: answer what each row would do and write nothing." }),
  file_name: fileName,
});
export type ImportCustomersInput = z.input<typeof importCustomersInput>;

/** The dashboard's first step: stage the mapped rows and dry-run them (nothing is written to customers). */
export const stageCustomerImportInput = z.object({ rows: importRows, file_name: fileName });
export type StageCustomerImportInput = z.input<typeof stageCustomerImportInput>;

export const customerImportRefInput = z.object({ import_id: z.string({ error: "must be a string" }).trim().min(1, "is required").max(100) });
export type CustomerImportRefInput = z.input<typeof customerImportRefInput>;

// ---------------------------------------------------------------------------------------------
// Answers

export const importRowResultSchema = z
  .object({
    row: z.number().int().meta({ description: "1-based position of the row (the file's header not counted)." }),
    outcome: z.enum(IMPORT_OUTCOMES),
    reason: z.enum(SKIP_REASONS).nullable().meta({ description: "Why a skipped row is skipped." }),
    message: z.string().nullable(),
    customer_id: z.string().nullable().meta({ description: "The customer's internal id (created or updated); null for a skip or a dry run's create." }),
    duplicate_of: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "Dry run only: the internal id of another customer of the environment that already uses this email (a warning; the row is still written)." }),
  })
  .meta({ id: "CustomerImportRowResult" });
export type ImportRowResult = z.output<typeof importRowResultSchema>;

export const importSummarySchema = z.object({
  total: z.number().int(),
  create_pending: z.number().int(),
  create: z.number().int(),
  update: z.number().int(),
  skip: z.number().int(),
});
export type ImportSummary = z.output<typeof importSummarySchema>;

export const importCustomersResponse = z
  .object({
    import_id: z.string().nullable().meta({ description: "The import (undo it from the dashboard); null for a dry run." }),
    dry_run: z.boolean(),
    summary: importSummarySchema,
    rows: z.array(importRowResultSchema),
  })
  .meta({ id: "CustomerImportResult" });
export type ImportCustomersResponse = z.output<typeof importCustomersResponse>;

export function summarize(rows: readonly Pick<ImportRowResult, "outcome">[]): ImportSummary {
  const summary: ImportSummary = { total: rows.length, create_pending: 0, create: 0, update: 0, skip: 0 };
  for (const row of rows) summary[row.outcome]++;
  return summary;
}
