// The customer inputs, one base schema each. Field names are the API's (snake_case): the API is
// the main caller, and the dashboard and the sign-in hook use the same names rather than a second
// vocabulary. The RPC routes take the base schemas as they are; the REST shapes (`id` in the body
// or in the path) are derived from them at the bottom of this file.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { EMAIL_REQUIRED_WHEN_CUSTOMER_ID_NULL, EMAIL_REQUIRED_WITHOUT_ID, lacksIdAndEmail } from "./customer-rules";

export const CUSTOMER_ID_MAX_LENGTH = 255;
export const CUSTOMER_ID_PATTERN = /^[a-zA-Z0-9_:-]+$/;
export const METADATA_MAX_KEYS = 50;

/** The most helpful message for an id that breaks the rule, or undefined when it follows it. */
export function customerIdProblem(value: string): string | undefined {
  if (value.length === 0) return "cannot be empty";
  if (value.length > CUSTOMER_ID_MAX_LENGTH) return `at most ${CUSTOMER_ID_MAX_LENGTH} characters`;
  if (value.includes("@")) return "cannot contain '@' — use your user's id, not their email";
  if (/\s/.test(value)) return "cannot contain spaces";
  if (value.includes(".")) return "cannot contain '.' — use letters, digits, '_', ':' and '-'";
  if (!CUSTOMER_ID_PATTERN.test(value)) return "may only contain letters, digits, '_', ':' and '-'";
  return undefined;
}

/**
 * A customer id (the application's own id for its user or organisation). The specific messages
 * come first; the plain `pattern`/`maxLength` checks after them describe the rule in the OpenAPI
 * document (only the first failure is reported, so they never add a second message).
 */
export const customerIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string") })
  .superRefine((value, ctx) => {
    const problem = customerIdProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .min(1)
  .max(CUSTOMER_ID_MAX_LENGTH)
  .regex(CUSTOMER_ID_PATTERN)
  .meta({ description: "Your id for the customer: letters, digits, '_', ':' and '-' (at most 255).", examples: ["user_123"] });

/** Addresses an existing customer: its id, or its internal id (`cus_…`) for a pending customer. */
export const customerRefSchema = customerIdSchema.meta({
  description: "The customer's id, or its internal id (`cus_…`) for a customer that has no id yet.",
  examples: ["user_123"],
});

// Built once: z.email() builds a schema (and its pattern) each time it is called, which on every
// get-or-create (its input is parsed by the route and by the domain function) was measurable CPU.
const emailAddress = z.email();

/** An optional email: trimmed, `""` means none; validated in its NFKC form, stored as sent (trimmed). */
export const emailSchema = z
  .string({ error: "must be a string or null" })
  .trim()
  .max(320, "at most 320 characters")
  .refine((value) => value === "" || emailAddress.safeParse(value.normalize("NFKC")).success, "not a valid email address")
  .transform((value) => (value === "" ? null : value))
  .nullable()
  .meta({ description: "Email address; compared trimmed, NFKC-normalised and case-insensitively.", examples: ["john@example.com"] });

const optionalText = (max: number, description: string) =>
  z
    .string({ error: "must be a string or null" })
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((value) => (value === "" ? null : value))
    .nullable()
    .meta({ description });

export const nameSchema = optionalText(500, "Display name.");
export const fingerprintSchema = optionalText(255, "A device or browser fingerprint, to spot repeated free trials.");

/** Free-form metadata: a JSON object of at most 50 keys. */
export const metadataSchema = z
  .record(z.string(), z.unknown(), { error: "must be an object" })
  .refine((value) => Object.keys(value).length <= METADATA_MAX_KEYS, `must be an object of at most ${METADATA_MAX_KEYS} keys`)
  .meta({ description: `A JSON object of at most ${METADATA_MAX_KEYS} keys.` });

/** A Stripe customer id, checked for form only here (the Stripe work checks it against Stripe). */
export const stripeIdSchema = z
  .string({ error: "must be a string or null" })
  .trim()
  .regex(/^cus_[A-Za-z0-9]{1,250}$/, "must be a Stripe customer id (cus_…)")
  .nullable()
  .meta({ description: "An existing Stripe customer to link (`cus_…`).", examples: ["cus_abc123"] });

const bool = (description: string) => z.boolean({ error: "must be true or false" }).meta({ description });

// ---------------------------------------------------------------------------------------------
// get-or-create

/** customers.get and get_or_create: related data to include in the customer object. */
export const customerExpandSchema = z
  .array(z.string({ error: "must be a string" }).max(100, "at most 100 characters"), { error: "must be an array of strings" })
  .max(20, "at most 20 values")
  .optional()
  .meta({ description: 'Related data to include. Equinox serves "entities"; other values add nothing.' });

export const getOrCreateCustomerFields = z.object({
  customer_id: customerIdSchema
    .nullable()
    .meta({ description: "Your id for the customer, or null to create (or return) the pending customer of `email`." }),
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  fingerprint: fingerprintSchema.optional(),
  metadata: metadataSchema.nullable().optional(),
  stripe_id: stripeIdSchema.optional(),
  create_in_stripe: bool("Create the Stripe customer now rather than at the first billing operation.").optional(),
  send_email_receipts: bool("Whether Stripe emails receipts to the customer.").optional(),
  expand: customerExpandSchema,
});

const requireIdOrEmail = (value: { customer_id: string | null; email?: string | null }, ctx: z.RefinementCtx) => {
  if (value.customer_id === null && lacksIdAndEmail(value.customer_id, value.email)) {
    ctx.addIssue({ code: "custom", path: ["email"], message: EMAIL_REQUIRED_WHEN_CUSTOMER_ID_NULL });
  }
};

export const getOrCreateCustomerInput = getOrCreateCustomerFields.superRefine(requireIdOrEmail);
export type GetOrCreateCustomerInput = z.input<typeof getOrCreateCustomerInput>;
export type GetOrCreateCustomerData = z.output<typeof getOrCreateCustomerInput>;

// ---------------------------------------------------------------------------------------------
// get, update, delete, list

export const getCustomerInput = z.object({
  customer_id: customerRefSchema,
  expand: customerExpandSchema,
});
export type GetCustomerInput = z.input<typeof getCustomerInput>;

export const updateCustomerInput = z.object({
  customer_id: customerRefSchema,
  new_customer_id: customerIdSchema.optional().meta({ description: "Renames the customer (409 `customer_already_exists` when taken)." }),
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  fingerprint: fingerprintSchema.optional(),
  metadata: metadataSchema
    .nullable()
    .optional()
    .meta({ description: "Merged into the customer's metadata; a key set to null is removed." }),
  stripe_id: stripeIdSchema.optional(),
  send_email_receipts: bool("Whether Stripe emails receipts to the customer.").optional(),
});
export type UpdateCustomerInput = z.input<typeof updateCustomerInput>;

export const deleteCustomerInput = z.object({
  customer_id: customerRefSchema,
  delete_in_stripe: bool("Also delete the Stripe customer.").optional().default(false),
});
export type DeleteCustomerInput = z.input<typeof deleteCustomerInput>;

export const LIST_LIMIT_MAX = 1000;
const listLimit = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(LIST_LIMIT_MAX, `at most ${LIST_LIMIT_MAX}`);

export const customerSearchSchema = z
  .string({ error: "must be a string" })
  .max(200, "at most 200 characters")
  .meta({ description: "Case-insensitive substring of the id, name or email." });

export const listCustomersInput = z.object({
  start_cursor: z
    .string({ error: "must be a string" })
    .max(500)
    .optional()
    .default("")
    .meta({ description: "`next_cursor` of the previous page; empty for the first page." }),
  limit: listLimit.optional().default(50),
  search: customerSearchSchema.optional(),
  plans: z
    .array(
      z.object({
        id: z.string({ error: "must be a string" }).min(1, "cannot be empty"),
        versions: z.array(z.number().int()).optional(),
      }),
      { error: "must be an array of { id }" },
    )
    .max(50, "at most 50 plans")
    .optional()
    .meta({ description: "Only customers with an active or scheduled plan among these." }),
  sort_order: z
    .enum(["desc", "asc"], { error: 'must be "desc" or "asc"' })
    .optional()
    .default("desc")
    .meta({ description: "By creation time: newest first (desc, the default) or oldest first." }),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;

// ---------------------------------------------------------------------------------------------
// The dashboard's "Create customer" form (lib/customers/create-customer.ts).

export const createCustomerInput = z
  .object({
    /** Blank (or absent) for a pending customer. */
    id: z
      .string({ error: "must be a string" })
      .trim()
      .transform((value) => (value === "" ? null : value))
      .pipe(customerIdSchema.nullable())
      .nullable()
      .optional(),
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    metadata: metadataSchema.nullable().optional(),
    stripe_id: stripeIdSchema.optional(),
    create_in_stripe: bool("Create the Stripe customer now rather than at the first billing operation.").optional(),
  })
  .superRefine((value, ctx) => {
    if (lacksIdAndEmail(value.id, value.email)) {
      ctx.addIssue({ code: "custom", path: ["email"], message: EMAIL_REQUIRED_WITHOUT_ID });
    }
  });
export type CreateCustomerInput = z.input<typeof createCustomerInput>;

// ---------------------------------------------------------------------------------------------
// REST shapes, derived from the base schemas.

/** POST /v1/customers: the id may be sent as `id` (REST) or `customer_id` (as the docs' cURL does). */
export const restGetOrCreateCustomerInput = getOrCreateCustomerFields
  .extend({
    customer_id: getOrCreateCustomerFields.shape.customer_id.optional(),
    id: getOrCreateCustomerFields.shape.customer_id.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.id === undefined && value.customer_id === undefined) {
      ctx.addIssue({ code: "custom", path: ["id"], message: "required (your user's id, or null to create a pending customer by email)" });
    }
  })
  .transform(({ id, customer_id, ...rest }) => ({ ...rest, customer_id: id !== undefined ? id : (customer_id ?? null) }))
  .superRefine(requireIdOrEmail);

// `{id}` in the path stands for `customer_id`.
export const restGetCustomerInput = z.object({ id: customerRefSchema }).transform(({ id }) => ({ customer_id: id }));

export const restUpdateCustomerInput = updateCustomerInput
  .omit({ customer_id: true })
  .extend({ id: customerRefSchema })
  .transform(({ id, ...rest }) => ({ ...rest, customer_id: id }));

export const restDeleteCustomerInput = z
  .object({
    id: customerRefSchema,
    // A DELETE has no body: the flag comes from the query string.
    delete_in_stripe: z.union([z.boolean(), z.stringbool({ error: "must be true or false" })]).optional().default(false),
  })
  .transform(({ id, delete_in_stripe }) => ({ customer_id: id, delete_in_stripe }));

/** GET /v1/customers?limit&offset (REST keeps offset pagination). */
export const restListCustomersInput = z.object({
  limit: listLimit.optional().default(50),
  offset: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "cannot be negative").optional().default(0),
  search: customerSearchSchema.optional(),
});
export type RestListCustomersInput = z.input<typeof restListCustomersInput>;
