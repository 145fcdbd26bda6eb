// Which environment the signed-in staff member is looking at: the `equinox-env` cookie, set only
// through setEnvironmentAction. requireStaff() puts it in every staff Ctx.
import "server-only";
import { cookies } from "next/headers";
import type { Env } from "@/lib/generated/prisma";
import { ENVIRONMENT_COOKIE, parseEnvironment } from "./environments";

export async function getSelectedEnvironment(): Promise<Env> {
  return parseEnvironment((await cookies()).get(ENVIRONMENT_COOKIE)?.value);
}
