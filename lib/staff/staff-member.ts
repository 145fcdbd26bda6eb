import type { StaffRole } from "@/lib/generated/prisma";

/** A staff member as the dashboard shows one. */
export type StaffMember = {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  /** Invited: has never signed in yet. */
  status: "active" | "invited";
  createdAt: Date;
};

export function toStaffMember(user: {
  id: string;
  email: string | null;
  name: string | null;
  role: StaffRole | null;
  emailVerified: Date | null;
  createdAt: Date;
  _count?: { accounts: number; sessions: number };
}): StaffMember {
  const signedIn = Boolean(user.emailVerified) || (user._count?.accounts ?? 0) > 0 || (user._count?.sessions ?? 0) > 0;
  return {
    id: user.id,
    email: user.email ?? "",
    name: user.name,
    role: user.role ?? "staff",
    status: signedIn ? "active" : "invited",
    createdAt: user.createdAt,
  };
}
