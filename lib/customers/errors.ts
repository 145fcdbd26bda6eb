// The customers area's errors. Codes and messages are part of the API (clients and tests match
// them byte for byte); their HTTP statuses are mapped in one place (ERROR_STATUS, lib/errors.ts,
// applied by lib/api/error-response.ts). customer_not_found stays in lib/errors.ts: every area
// answers it for a customer reference it cannot resolve.
import { DomainError, invalidInputs } from "@/lib/errors";
import { EMAIL_REQUIRED_WITHOUT_ID } from "./customer-rules";

export const customerAlreadyExists = (id: string) =>
  new DomainError("customer_already_exists", `new_customer_id: a customer with id ${id} already exists`, { field: "new_customer_id" });

export const pendingEmailTaken = (customerId?: string) =>
  new DomainError("pending_email_taken", "email: another customer without an id already has this email in this environment", {
    field: "email",
    details: customerId ? { customerId } : undefined,
  });

export const stripeAlreadyLinked = () =>
  new DomainError("stripe_customer_already_linked", "stripe_id: this Stripe customer is already linked to another customer in this environment", {
    field: "stripe_id",
  });

/** A customer without an id would be left without an email (customer-rules.ts). */
export const emailRequiredWithoutId = () => invalidInputs("email", EMAIL_REQUIRED_WITHOUT_ID);
