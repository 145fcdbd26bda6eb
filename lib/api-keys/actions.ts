"use server";
import { staffAction } from "@/lib/auth/staff-action";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import type { CreateApiKeyInput } from "@/lib/api-keys/schemas";

const revalidate = ["/api-keys"];

/** The answer carries the secret: this is the only time it exists outside the caller's hands. */
export async function createApiKeyAction(input: CreateApiKeyInput) {
  return staffAction((ctx) => createApiKey(ctx, input), { revalidate });
}

export async function revokeApiKeyAction(input: { id: string }) {
  return staffAction((ctx) => revokeApiKey(ctx, input), { revalidate });
}
