// An entity as the customer object lists it (customers.get with `expand: ["entities"]`), exactly
// as autumn-js's `Entity$inboundSchema` reads it. Kept free of other imports so that the customer
// object can use it without the customers area depending on the entities area.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

const ms = z.number().meta({ description: "Milliseconds since the Unix epoch." });

export const customerEntityFields = {
  id: z.string().meta({ description: "Your id for the entity." }),
  name: z.string().nullable(),
  customer_id: z.string().nullable().meta({ description: "The id of the customer that owns the entity (its internal id while it has none)." }),
  feature_id: z.string().nullable().meta({ description: "The continuous-use feature the entity counts against." }),
  created_at: ms,
  env: z.enum(["sandbox", "live"]),
};

export const apiCustomerEntitySchema = z.object(customerEntityFields).strict().meta({ id: "CustomerEntity" });

export type ApiCustomerEntity = z.infer<typeof apiCustomerEntitySchema>;
