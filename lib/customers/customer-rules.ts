// The one statement of the rule "a customer without an id must have an email": such a customer is
// found by its email alone (it is claimed by email when the person signs up). Checked by the
// create form's schema, the API's get-or-create schema and update (which can clear either field).
// Pure, so the forms' schemas can use it in the browser.

/** True when a customer would have neither an id nor an email. */
export const lacksIdAndEmail = (externalId: string | null | undefined, email: string | null | undefined): boolean => !externalId && !email;

/** The forms' and update's words for it. */
export const EMAIL_REQUIRED_WITHOUT_ID = "required for a customer without an id (it is matched by email when the person signs up)";
/** The API's get-or-create says it in the API's own terms. */
export const EMAIL_REQUIRED_WHEN_CUSTOMER_ID_NULL = "required when customer_id is null (a customer without an id is matched by email)";
