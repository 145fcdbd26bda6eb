// The two environments and the cookie that remembers which one a staff member is looking at.
// Pure (no server imports) so that client components can share the names and labels.
import { z } from "zod";
import type { Env } from "@/lib/generated/prisma";

export const ENVIRONMENT_COOKIE = "equinox-env";

export const environmentSchema = z.enum(["sandbox", "live"]) satisfies z.ZodType<Env>;

export const DEFAULT_ENVIRONMENT: Env = "sandbox";

export const ENVIRONMENT_LABEL: Record<Env, string> = { sandbox: "Sandbox", live: "Live" };

/** A cookie value, validated; anything unknown falls back to sandbox (the safe side). */
export function parseEnvironment(value: string | undefined | null): Env {
  const parsed = environmentSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_ENVIRONMENT;
}
