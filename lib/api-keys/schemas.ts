// Inputs of API key management: one schema each, shared by the dashboard's forms and actions.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(80, "At most 80 characters"),
});

export const revokeApiKeyInput = z.object({ id: z.string().min(1) });

export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;
