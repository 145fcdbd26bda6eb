"use server";
// The environment switch in the shell submits here. The value is validated; the cookie is
// httpOnly so only this action changes it. Only staff may switch (the choice is meaningless,
// and refused, for anyone else).
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { ENVIRONMENT_COOKIE, environmentSchema } from "./environments";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export async function setEnvironmentAction(formData: FormData): Promise<void> {
  await requireStaff();
  const parsed = environmentSchema.safeParse(formData.get("env"));
  if (!parsed.success) return;
  (await cookies()).set(ENVIRONMENT_COOKIE, parsed.data, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https://"),
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
  // Everything on screen belongs to the previous environment: render it all again.
  revalidatePath("/", "layout");
}
