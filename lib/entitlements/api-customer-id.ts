import type { Customer } from "@/lib/generated/prisma";

/** The id the API answers with: the customer's external id, or its internal id while it is pending. */
export const apiCustomerId = (customer: Pick<Customer, "id" | "externalId">) => customer.externalId ?? customer.id;
