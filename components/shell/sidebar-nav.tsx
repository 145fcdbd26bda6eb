"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Flag, KeyRound, Package, ScrollText, Users, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type NavItem = {
  href: string;
  label: string;
  icon: LucideIcon;
};

export const defaultNavItems: NavItem[] = [
  { href: "/customers", label: "Customers", icon: Users },
  { href: "/plans", label: "Plans", icon: Package },
  { href: "/features", label: "Features", icon: Flag },
  { href: "/api-keys", label: "API keys", icon: KeyRound },
  { href: "/audit", label: "Audit log", icon: ScrollText },
];

export type SidebarNavProps = {
  /** Defaults to Customers, Plans, Features, API keys, Audit log. */
  items?: NavItem[];
  /** Prefix added to every href (e.g. "/sandbox") if routes are environment-scoped. */
  basePath?: string;
  className?: string;
};

const matches = (pathname: string, full: string) => pathname === full || pathname.startsWith(`${full}/`);

/**
 * Primary navigation. The item whose href matches the current path (or a parent of it) is active;
 * of two that match (Customers and Pending on /customers/pending), the more specific one only.
 */
export function SidebarNav({ items = defaultNavItems, basePath = "", className }: SidebarNavProps) {
  const pathname = usePathname();
  const activeHref = items
    .map(({ href }) => href)
    .filter((href) => matches(pathname, `${basePath}${href}`))
    .reduce<string | undefined>((best, href) => (best === undefined || href.length > best.length ? href : best), undefined);
  return (
    <nav aria-label="Main" className={cn("px-2", className)}>
      <ul className="flex flex-col gap-0.5">
        {items.map(({ href, label, icon: Icon }) => {
          const full = `${basePath}${href}`;
          const active = href === activeHref;
          return (
            <li key={href}>
              <Link
                href={full}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "group flex h-8 items-center gap-2.5 rounded-md px-2 text-sm font-medium transition-colors duration-100",
                  "focus-visible:outline-offset-0",
                  active
                    ? "bg-zinc-200/60 text-foreground"
                    : "text-zinc-600 hover:bg-zinc-200/40 hover:text-foreground",
                )}
              >
                <Icon
                  aria-hidden="true"
                  className={cn(
                    "size-4 shrink-0",
                    active ? "text-primary" : "text-zinc-500 group-hover:text-zinc-700",
                  )}
                />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
