import { redirect } from "next/navigation";
import { getSessionUser, isStaff } from "@/lib/auth/session";
import { getSelectedEnvironment } from "@/lib/environment/selected-environment";
import { stripeModeFor } from "@/lib/environment/stripe-mode";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { NoDashboardAccess } from "@/components/dashboard/no-access";

/**
 * Every dashboard page: signed-out visitors go to the sign-in page, signed-in users without a
 * staff role see "no access" (and nothing else), staff get the shell. Pages and actions check
 * again themselves (requireStaffPage / staffAction): this layout is not the security boundary.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!isStaff(user)) return <NoDashboardAccess email={user.email} />;
  const env = await getSelectedEnvironment();
  return (
    <DashboardShell user={{ name: user.name, email: user.email, role: user.role }} env={env} stripeMode={stripeModeFor(env)}>
      {children}
    </DashboardShell>
  );
}
