// POST /v1/customers.import: the bulk import of customers to pre-create (the dashboard's CSV import, as JSON).
import { importCustomersInput, importCustomersResponse, IMPORT_BATCH_SIZE, IMPORT_MAX_ROWS } from "@/lib/customers/import/schemas";
import { defineApiRoutes } from "../registry";

const description = [
  `Creates or updates up to ${IMPORT_MAX_ROWS.toLocaleString("en-US")} customers (the body's 1 MB limit applies). Each row is decided on its own:`,
  "`create` (a new customer with this id), `create_pending` (no id: a pending customer, matched by email at sign-up),",
  "`update` (a customer with this id exists: name and email set, metadata merged), or `skip` with a reason:",
  "`pending_email_taken` (another customer without an id has this email), `invalid_email`, `unknown_plan`,",
  "`duplicate_in_file` (an earlier row has the same id, or the same email without an id) or `invalid_row` (the message says which field).",
  "A row with `plan_id` also enables that plan, at the negotiated `price` (major units) and dates if given; new customers get the default plans as usual.",
  "With `dry_run: true` nothing is written and the answer says what each row would do.",
  `Otherwise rows are applied in batches of ${IMPORT_BATCH_SIZE}, each in one transaction: a batch is written whole or not at all.`,
  "The answer's `import_id` names the import (it can be undone from the dashboard while none of its customers has been claimed or billed).",
].join(" ");

export const customerImportRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/customers.import",
    operationId: "importCustomers",
    summary: "Import customers (bulk, with a dry run)",
    description,
    tags: ["Customers"],
    body: importCustomersInput,
    response: importCustomersResponse,
  },
]);
