// next-auth's Prisma adapter on our generated client, with two guards: emails are stored and
// looked up normalised, and only the columns our tables have are written (an identity provider's token response may carry extra fields, e.g.
// `refresh_expires_in`, that would make the insert fail).
import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";

type AdapterClient = Parameters<typeof PrismaAdapter>[0];

const ACCOUNT_COLUMNS = [
  "userId", "type", "provider", "providerAccountId", "refresh_token", "access_token",
  "expires_at", "token_type", "scope", "id_token", "session_state",
] as const;

export function equinoxAdapter(): Adapter {
  const prisma = db();
  // The adapter is typed against the default `@prisma/client`; ours is generated elsewhere with
  // the same models (users, accounts, sessions, verification_tokens), so the cast is safe.
  const base = PrismaAdapter(prisma as unknown as AdapterClient);
  return {
    ...base,
    // next-auth hands the adapter only addresses that went through one of the two edges where a
    // sign-in address enters, both normalised (normalizeEmail) there: the email provider's
    // normalizeIdentifier (normalizeSignInEmail) and the identity provider's profile() mapping
    // (auth-options.ts). They are stored and looked up as they come.
    async createUser(user: Omit<AdapterUser, "id">) {
      const created = await prisma.user.create({
        data: {
          email: user.email,
          name: user.name ?? null,
          image: user.image ?? null,
          emailVerified: user.emailVerified ?? null,
        },
      });
      return created as AdapterUser;
    },
    async getUserByEmail(email: string) {
      if (!email) return null;
      return (await prisma.user.findUnique({ where: { email } })) as AdapterUser | null;
    },
    async linkAccount(account: AdapterAccount) {
      const data: Record<string, unknown> = {};
      for (const column of ACCOUNT_COLUMNS) if (account[column] !== undefined) data[column] = account[column];
      await prisma.account.create({ data: data as Parameters<typeof prisma.account.create>[0]["data"] });
      return account;
    },
  };
}
