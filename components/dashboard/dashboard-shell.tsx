"use client";

import { CalendarClock, Flag, Hourglass, KeyRound, Package, ScrollText, UserCog, Users, Webhook } from "lucide-react";
import type { Env, StaffRole } from "@/lib/generated/prisma";
import type { StripeMode } from "@/lib/environment/stripe-mode";
import { setEnvironmentAction } from "@/lib/environment/set-environment-action";
import { signOutAction, signOutEverywhereAction } from "@/lib/auth/sign-out-actions";
import { STAFF_ROLE_LABEL } from "@/lib/staff/roles";
import { AppShell } from "@/components/shell/app-shell";
import { EnvironmentSwitch } from "@/components/shell/environment-switch";
import { LiveBanner } from "@/components/shell/live-banner";
import { SidebarNav, type NavItem } from "@/components/shell/sidebar-nav";
import { StripeStatus } from "@/components/shell/stripe-status";
import { UserMenu } from "@/components/shell/user-menu";

export type DashboardShellProps = {
  user: { name: string | null; email: string; role: StaffRole };
  env: Env;
  /** From the server's configuration; null when Stripe is not configured for this environment. */
  stripeMode: StripeMode | null;
  children: React.ReactNode;
};

const STAFF_NAV: NavItem[] = [
  { href: "/customers", label: "Customers", icon: Users },
  { href: "/customers/pending", label: "Pending", icon: Hourglass },
  { href: "/customers/renewals", label: "Renewals", icon: CalendarClock },
  { href: "/plans", label: "Plans", icon: Package },
  { href: "/features", label: "Features", icon: Flag },
  { href: "/audit", label: "Audit log", icon: ScrollText },
];

const ADMIN_NAV: NavItem[] = [
  { href: "/customers", label: "Customers", icon: Users },
  { href: "/customers/pending", label: "Pending", icon: Hourglass },
  { href: "/customers/renewals", label: "Renewals", icon: CalendarClock },
  { href: "/plans", label: "Plans", icon: Package },
  { href: "/features", label: "Features", icon: Flag },
  { href: "/api-keys", label: "API keys", icon: KeyRound },
  { href: "/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/audit", label: "Audit log", icon: ScrollText },
  { href: "/staff", label: "Staff", icon: UserCog },
];

/** The dashboard chrome: navigation for the role, the environment switch, Stripe's mode, the user menu. */
export function DashboardShell({ user, env, stripeMode, children }: DashboardShellProps) {
  return (
    <AppShell
      environment={<EnvironmentSwitch env={env} action={setEnvironmentAction} />}
      nav={<SidebarNav items={user.role === "admin" ? ADMIN_NAV : STAFF_NAV} />}
      banner={env === "live" ? <LiveBanner>Live environment: changes here affect real customers and real money</LiveBanner> : null}
      footer={
        <>
          {stripeMode ? <StripeStatus mode={stripeMode} className="mx-1.5" /> : null}
          <UserMenu
            name={user.name}
            email={user.email}
            role={STAFF_ROLE_LABEL[user.role]}
            signOutAction={signOutAction}
            signOutEverywhereAction={signOutEverywhereAction}
          />
        </>
      }
    >
      {children}
    </AppShell>
  );
}
