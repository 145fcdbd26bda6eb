// Validation messages name the field and say what to do.
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { zodErrorMessage } from "@/lib/api/error-response";
import {
  getOrCreateCustomerInput,
  listCustomersInput,
  restDeleteCustomerInput,
  restGetOrCreateCustomerInput,
  restUpdateCustomerInput,
  updateCustomerInput,
} from "./schemas";

function messageOf(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return zodErrorMessage(result.error);
}

describe("customer id rule", () => {
  it.each([
    ["john@example.com", "customer_id: cannot contain '@' — use your user's id, not their email"],
    ["john doe", "customer_id: cannot contain spaces"],
    ["john.doe", "customer_id: cannot contain '.' — use letters, digits, '_', ':' and '-'"],
    ["", "customer_id: cannot be empty"],
    ["jöhn", "customer_id: may only contain letters, digits, '_', ':' and '-'"],
    ["x".repeat(256), "customer_id: at most 255 characters"],
  ])("refuses %j with a specific message", (id, message) => {
    expect(messageOf(getOrCreateCustomerInput, { customer_id: id })).toBe(message);
  });

  it("accepts letters, digits, _, : and - up to 255 characters", () => {
    for (const id of ["user_123", "org:acme-1", "A", "x".repeat(255)]) {
      expect(getOrCreateCustomerInput.parse({ customer_id: id }).customer_id).toBe(id);
    }
  });

  it("requires the customer_id key, and names a wrong type", () => {
    expect(messageOf(getOrCreateCustomerInput, { name: "x" })).toBe("customer_id: required");
    expect(messageOf(getOrCreateCustomerInput, { customer_id: 42 })).toBe("customer_id: must be a string");
  });

  it("applies the rule to new_customer_id and to ids in the path", () => {
    expect(messageOf(updateCustomerInput, { customer_id: "a", new_customer_id: "a@b.c" })).toBe(
      "new_customer_id: cannot contain '@' — use your user's id, not their email",
    );
    expect(messageOf(restUpdateCustomerInput, { id: "a b" })).toBe("id: cannot contain spaces");
  });
});

describe("get-or-create input", () => {
  it("needs an id or an email", () => {
    expect(messageOf(getOrCreateCustomerInput, { customer_id: null })).toBe(
      "email: required when customer_id is null (a customer without an id is matched by email)",
    );
    expect(getOrCreateCustomerInput.parse({ customer_id: null, email: "a@b.co" })).toMatchObject({ customer_id: null, email: "a@b.co" });
  });

  it("checks the email, trims it, and treats an empty one as none", () => {
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", email: "not-an-email" })).toBe("email: not a valid email address");
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", email: "  John@Example.com " }).email).toBe("John@Example.com");
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", email: "" }).email).toBeNull();
    expect(messageOf(getOrCreateCustomerInput, { customer_id: null, email: "  " })).toMatch(/^email: required/);
  });

  it("limits metadata to an object of at most 50 keys", () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", metadata: keys(50) }).metadata).toEqual(keys(50));
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", metadata: keys(51) })).toBe("metadata: must be an object of at most 50 keys");
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", metadata: ["a"] })).toBe("metadata: must be an object");
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", metadata: "a" })).toBe("metadata: must be an object");
  });

  it("names the field of a wrong type", () => {
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", name: 5 })).toBe("name: must be a string or null");
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", create_in_stripe: "yes" })).toBe("create_in_stripe: must be true or false");
    expect(messageOf(listCustomersInput, { limit: "many" })).toBe("limit: must be a number");
    expect(messageOf(listCustomersInput, { limit: 1001 })).toBe("limit: at most 1000");
  });

  it("checks a stripe_id for form only", () => {
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", stripe_id: "cus_ABC123" }).stripe_id).toBe("cus_ABC123");
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", stripe_id: "acct_1" })).toBe("stripe_id: must be a Stripe customer id (cus_…)");
  });

  it("ignores unknown fields", () => {
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", nickname: "Ada", auto_enable_plan_id: "pro" })).toEqual({ customer_id: "u1" });
  });

  it("takes expand as a list of names (customers.get_or_create answers entities with \"entities\")", () => {
    expect(getOrCreateCustomerInput.parse({ customer_id: "u1", expand: ["invoices", "entities"] })).toEqual({ customer_id: "u1", expand: ["invoices", "entities"] });
    expect(messageOf(getOrCreateCustomerInput, { customer_id: "u1", expand: "entities" })).toBe("expand: must be an array of strings");
  });
});

describe("REST shapes", () => {
  it("takes the id as `id` or as `customer_id` in the body", () => {
    expect(restGetOrCreateCustomerInput.parse({ id: "u1", name: "A" })).toEqual({ customer_id: "u1", name: "A" });
    expect(restGetOrCreateCustomerInput.parse({ customer_id: "u2" })).toEqual({ customer_id: "u2" });
    expect(restGetOrCreateCustomerInput.parse({ id: null, email: "a@b.co" })).toEqual({ customer_id: null, email: "a@b.co" });
    expect(messageOf(restGetOrCreateCustomerInput, { name: "A" })).toMatch(/^id: required/);
  });

  it("reads the id from the path and delete_in_stripe from the query string", () => {
    expect(restUpdateCustomerInput.parse({ id: "u1", name: "B" })).toEqual({ customer_id: "u1", name: "B" });
    expect(restDeleteCustomerInput.parse({ id: "u1", delete_in_stripe: "true" })).toEqual({ customer_id: "u1", delete_in_stripe: true });
    expect(restDeleteCustomerInput.parse({ id: "u1" })).toEqual({ customer_id: "u1", delete_in_stripe: false });
  });
});
