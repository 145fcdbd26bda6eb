"use client";

import { lazy, Suspense, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Menu } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { SidebarNav } from "./sidebar-nav";
import { MOBILE_NAV_TRIGGER_CLASSES } from "./mobile-nav-trigger";

const loadDrawer = () => import("./mobile-nav-drawer");
const MobileNavDrawer = lazy(loadDrawer);

export type AppShellProps = {
  /** Page content. Rendered inside `<main id="main-content">`. */
  children: React.ReactNode;
  /** Top of the sidebar. Default: the Equinox wordmark linking to "/". */
  brand?: React.ReactNode;
  /** Under the brand, typically `<EnvironmentSwitch>`. */
  environment?: React.ReactNode;
  /** Navigation. Default `<SidebarNav />`. */
  nav?: React.ReactNode;
  /** Bottom of the sidebar, typically `<StripeStatus>` and `<UserMenu>`. */
  footer?: React.ReactNode;
  /** Strip above the page content, e.g. `{env === "live" && <LiveBanner />}`. Sticks to the top. */
  banner?: React.ReactNode;
  /** Classes for the centered content column. */
  contentClassName?: string;
};

export function EquinoxMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className={cn("size-5", className)}>
      <circle cx="10" cy="10" r="8.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M10 1.75a8.25 8.25 0 0 1 0 16.5Z" fill="currentColor" />
    </svg>
  );
}

function DefaultBrand() {
  return (
    <Link
      href="/"
      className="flex h-8 w-fit items-center gap-2 rounded-md px-1 text-[15px] font-semibold tracking-tight text-foreground"
    >
      <EquinoxMark className="text-primary" />
      Equinox
    </Link>
  );
}

function SidebarContents({ brand, environment, nav, footer }: Omit<AppShellProps, "children" | "banner">) {
  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-col gap-3 px-3 pt-3 pb-3">
        {brand ?? <DefaultBrand />}
        {environment}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto pb-3">{nav ?? <SidebarNav />}</div>
      {footer ? <div className="flex flex-col gap-2 border-t border-border p-2">{footer}</div> : null}
    </div>
  );
}

/**
 * Dashboard chrome: 232px sidebar + main column from 1024px (lg) up; below that the sidebar
 * moves into a drawer opened from a top bar. Includes a "Skip to content" link.
 */
export function AppShell({ children, brand, environment, nav, footer, banner, contentClassName }: AppShellProps) {
  const pathname = usePathname();
  // The drawer is open only for the path it was opened on, so navigating closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const drawerOpen = openAt === pathname;
  // The drawer's code is fetched on the first pointer or focus on its button and mounted (open)
  // on the first click; until then a button that looks the same stands in.
  const [drawerWanted, setDrawerWanted] = useState(false);
  const menuStandIn = (
    <button
      type="button"
      aria-label="Open navigation"
      aria-haspopup="dialog"
      aria-expanded={false}
      className={MOBILE_NAV_TRIGGER_CLASSES}
      onPointerEnter={() => void loadDrawer()}
      onFocus={() => void loadDrawer()}
      onClick={() => {
        setDrawerWanted(true);
        setOpenAt(pathname);
      }}
    >
      <Menu className="size-4" aria-hidden="true" />
    </button>
  );

  return (
    <div className="flex min-h-dvh bg-background">
      <a
        href="#main-content"
        className="sr-only z-[60] rounded-md bg-background px-3 py-2 text-sm font-medium shadow-md focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>

      <aside
        aria-label="Sidebar"
        className="sticky top-0 hidden h-dvh w-[232px] shrink-0 border-r border-border bg-subtle lg:block"
      >
        <SidebarContents brand={brand} environment={environment} nav={nav} footer={footer} />
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <div className="sticky top-0 z-30">
          <header className="flex h-12 items-center gap-2 border-b border-border bg-subtle/95 px-3 backdrop-blur lg:hidden">
            {drawerWanted ? (
              <Suspense fallback={menuStandIn}>
                <MobileNavDrawer open={drawerOpen} onOpenChange={(open) => setOpenAt(open ? pathname : null)}>
                  <SidebarContents brand={brand} environment={environment} nav={nav} footer={footer} />
                </MobileNavDrawer>
              </Suspense>
            ) : (
              menuStandIn
            )}
            {brand ?? <DefaultBrand />}
          </header>
          {banner}
        </div>

        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8">
          <div className={cn("mx-auto w-full max-w-6xl", contentClassName)}>{children}</div>
        </main>
      </div>
    </div>
  );
}
