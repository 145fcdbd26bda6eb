// The session read every dashboard request makes (getSessionAndUser, one plain statement) answers
// what next-auth's Prisma adapter answered: the session and its user's whole row, or null.
import { randomBytes } from "node:crypto";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createStaffUser } from "@/tests/factories";
import { equinoxAdapter } from "./adapter";

describe("equinoxAdapter().getSessionAndUser", () => {
  it("answers the session with its user, exactly as the Prisma adapter does", async () => {
    const user = await createStaffUser({ role: "admin" });
    const sessionToken = randomBytes(32).toString("hex");
    const adapter = equinoxAdapter();
    await adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 3_600_000) });

    const ours = await adapter.getSessionAndUser!(sessionToken);
    const prisma = await PrismaAdapter(db() as never).getSessionAndUser!(sessionToken);
    expect(ours).toEqual(prisma);
    expect(ours?.user).toMatchObject({ id: user.id, email: user.email, role: "admin" });
    expect(ours?.session).toMatchObject({ sessionToken, userId: user.id });
  });

  it("answers null for an unknown token", async () => {
    expect(await equinoxAdapter().getSessionAndUser!(randomBytes(32).toString("hex"))).toBeNull();
  });
});
