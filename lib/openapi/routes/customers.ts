// The customers routes (RPC form used by the SDK, REST form used by the docs' cURL).
import { z } from "zod";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import {
  customerRefSchema,
  deleteCustomerInput,
  getCustomerInput,
  getOrCreateCustomerInput,
  listCustomersInput,
  restGetOrCreateCustomerInput,
  restListCustomersInput,
  updateCustomerInput,
} from "@/lib/customers/schemas";
import { defineApiRoutes } from "../registry";

const tags = ["Customers"];
const idInPath = z.object({ id: customerRefSchema });
const deleted = z.object({ success: z.literal(true) });
const cursorPage = z.object({
  list: z.array(apiCustomerSchema),
  next_cursor: z.string().nullable().meta({ description: "Pass as start_cursor for the next page; null on the last page." }),
});
const offsetPage = z.object({ list: z.array(apiCustomerSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), has_more: z.boolean() });

const getOrCreateDescription =
  "Returns the customer with this id (filling in only an empty name or email), else claims the pending customer " +
  "with the same email (it gets the id and keeps its plans, balances and Stripe link), else creates it. " +
  "`customer_id: null` with an email returns or creates the pending customer of that email. Idempotent.";
const updateErrors = ["customer_not_found", "customer_already_exists", "pending_email_taken", "stripe_customer_already_linked"] as const;

export const customerRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/customers.get_or_create",
    operationId: "getOrCreateCustomer",
    summary: "Get or create a customer",
    description: getOrCreateDescription,
    tags,
    body: getOrCreateCustomerInput,
    response: apiCustomerSchema,
    errors: ["stripe_customer_already_linked"],
  },
  {
    method: "post",
    path: "/v1/customers.get",
    operationId: "getCustomer",
    summary: "Get a customer",
    tags,
    body: getCustomerInput,
    response: apiCustomerSchema,
    errors: ["customer_not_found"],
  },
  {
    method: "post",
    path: "/v1/customers.update",
    operationId: "updateCustomer",
    summary: "Update a customer",
    description: "Renames it (new_customer_id), changes its fields, merges metadata (a key set to null is removed).",
    tags,
    body: updateCustomerInput,
    response: apiCustomerSchema,
    errors: [...updateErrors],
  },
  {
    method: "post",
    path: "/v1/customers.list",
    operationId: "listCustomers",
    summary: "List customers",
    description: "Newest first, in cursor pages; optional substring search over id, name and email, and a plan filter.",
    tags,
    body: listCustomersInput,
    response: cursorPage,
  },
  {
    method: "post",
    path: "/v1/customers.delete",
    operationId: "deleteCustomer",
    summary: "Delete a customer",
    description: "Deletes the customer and everything it owns (plans, balances, usage).",
    tags,
    body: deleteCustomerInput,
    response: deleted,
    errors: ["customer_not_found"],
  },
  {
    method: "post",
    path: "/v1/customers",
    operationId: "createCustomer",
    summary: "Get or create a customer (REST)",
    description: `${getOrCreateDescription} The id may be sent as \`id\` or \`customer_id\`.`,
    tags,
    body: restGetOrCreateCustomerInput,
    response: apiCustomerSchema,
    errors: ["stripe_customer_already_linked"],
  },
  {
    method: "get",
    path: "/v1/customers",
    operationId: "listCustomersByOffset",
    summary: "List customers (REST)",
    tags,
    query: restListCustomersInput,
    response: offsetPage,
  },
  {
    method: "get",
    path: "/v1/customers/{id}",
    operationId: "getCustomerById",
    summary: "Get a customer (REST)",
    tags,
    pathParams: idInPath,
    response: apiCustomerSchema,
    errors: ["customer_not_found"],
  },
  {
    method: "patch",
    path: "/v1/customers/{id}",
    operationId: "updateCustomerById",
    summary: "Update a customer (REST)",
    tags,
    pathParams: idInPath,
    body: updateCustomerInput.omit({ customer_id: true }),
    response: apiCustomerSchema,
    errors: [...updateErrors],
  },
  {
    method: "post",
    path: "/v1/customers/{id}",
    operationId: "updateCustomerByIdPost",
    summary: "Update a customer (REST, POST)",
    tags,
    pathParams: idInPath,
    body: updateCustomerInput.omit({ customer_id: true }),
    response: apiCustomerSchema,
    errors: [...updateErrors],
  },
  {
    method: "delete",
    path: "/v1/customers/{id}",
    operationId: "deleteCustomerById",
    summary: "Delete a customer (REST)",
    tags,
    pathParams: idInPath,
    query: z.object({ delete_in_stripe: z.boolean().optional().meta({ description: "Also delete the Stripe customer." }) }),
    response: deleted,
    errors: ["customer_not_found"],
  },
]);
