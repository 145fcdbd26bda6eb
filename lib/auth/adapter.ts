// next-auth's Prisma adapter on our generated client, with two guards: emails are stored and
// looked up normalised, and only the columns our tables have are written (an identity provider's token response may carry extra fields, e.g.
// `refresh_expires_in`, that would make the insert fail).
import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser } from "next-auth/adapters";
import type { StaffRole } from "@/lib/generated/prisma";
import { db, pool } from "@/lib/db";

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
    // Every dashboard request (page, server action, route, link prefetch) asks who is signed in:
    // one plain statement, not the Prisma client's session-with-user read (two statements and the
    // query compiler each time), for the same rows.
    async getSessionAndUser(sessionToken: string) {
      const { rows } = await pool().query<SessionAndUserRow>(
        `select s.id as session_id, s.session_token, s.user_id, s.expires,
                u.id, u.name, u.email, u.email_verified, u.image, u.role, u.created_at
           from sessions s join users u on u.id = s.user_id
          where s.session_token = $1`,
        [sessionToken],
      );
      const row = rows[0];
      if (!row) return null;
      const session: AdapterSession = { sessionToken: row.session_token, userId: row.user_id, expires: row.expires };
      const user = { id: row.id, name: row.name, email: row.email, emailVerified: row.email_verified, image: row.image, role: row.role, createdAt: row.created_at };
      return { session: { id: row.session_id, ...session } as AdapterSession, user: user as AdapterUser };
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

type SessionAndUserRow = {
  session_id: string;
  session_token: string;
  user_id: string;
  expires: Date;
  id: string;
  name: string | null;
  email: string | null;
  email_verified: Date | null;
  image: string | null;
  role: StaffRole | null;
  created_at: Date;
};
