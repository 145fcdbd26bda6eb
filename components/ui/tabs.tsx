"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Tabs as TabsPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";

/**
 * In-page tabs (Radix: arrow keys move between tabs).
 *   <Tabs defaultValue="usage"><TabsList aria-label="Customer sections"><TabsTrigger value="usage">Usage</TabsTrigger>…</TabsList>
 *   <TabsContent value="usage">…</TabsContent></Tabs>
 * For tabs that are routes, use `<TabLinks>`.
 */
export function Tabs({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Root>) {
  return <TabsPrimitive.Root data-slot="tabs" className={cn("flex flex-col gap-4", className)} {...props} />;
}

export type TabsListProps = React.ComponentProps<typeof TabsPrimitive.List> & {
  /** `underline` (default; page sections) or `segmented` (compact toggles). */
  variant?: "underline" | "segmented";
};

export function TabsList({ className, variant = "underline", ...props }: TabsListProps) {
  return (
    <TabsPrimitive.List
      data-slot="tabs-list"
      data-variant={variant}
      className={cn(
        "group/tabs-list inline-flex items-center",
        variant === "underline"
          ? "w-full gap-3 border-b border-border"
          : "h-8 w-fit gap-0.5 rounded-lg bg-muted p-0.5",
        className,
      )}
      {...props}
    />
  );
}

export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      data-slot="tabs-trigger"
      className={cn(
        "inline-flex items-center justify-center gap-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors",
        "hover:text-foreground disabled:pointer-events-none disabled:opacity-50",
        "focus-visible:outline-2 focus-visible:outline-ring [&_svg:not([class*='size-'])]:size-4",
        // underline
        "group-data-[variant=underline]/tabs-list:-mb-px group-data-[variant=underline]/tabs-list:h-9 group-data-[variant=underline]/tabs-list:border-b-2 group-data-[variant=underline]/tabs-list:border-transparent",
        "group-data-[variant=underline]/tabs-list:data-[state=active]:border-foreground group-data-[variant=underline]/tabs-list:data-[state=active]:text-foreground",
        "group-data-[variant=underline]/tabs-list:rounded-t-sm group-data-[variant=underline]/tabs-list:px-1 group-data-[variant=underline]/tabs-list:focus-visible:outline-offset-0",
        // segmented
        "group-data-[variant=segmented]/tabs-list:h-7 group-data-[variant=segmented]/tabs-list:rounded-md group-data-[variant=segmented]/tabs-list:px-2.5 group-data-[variant=segmented]/tabs-list:text-[13px]",
        "group-data-[variant=segmented]/tabs-list:data-[state=active]:bg-background group-data-[variant=segmented]/tabs-list:data-[state=active]:text-foreground group-data-[variant=segmented]/tabs-list:data-[state=active]:shadow-xs",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Content>) {
  return (
    <TabsPrimitive.Content
      data-slot="tabs-content"
      className={cn("outline-none focus-visible:outline-2 focus-visible:outline-ring", className)}
      {...props}
    />
  );
}

export type TabLink = { href: string; label: React.ReactNode; /** Match nested paths too. Default false. */ prefix?: boolean };

export type TabLinksProps = Omit<React.ComponentProps<"nav">, "children"> & {
  items: TabLink[];
  /** Accessible name of the nav, e.g. "Customer sections". */
  "aria-label": string;
};

/** Underline tabs where each tab is a route; active state from the URL (`aria-current="page"`). */
export function TabLinks({ items, className, ...props }: TabLinksProps) {
  const pathname = usePathname();
  return (
    <nav data-slot="tab-links" className={cn("flex w-full items-center gap-3 border-b border-border", className)} {...props}>
      {items.map((item) => {
        const active = item.prefix
          ? pathname === item.href || pathname.startsWith(`${item.href}/`)
          : pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px inline-flex h-9 items-center rounded-t-sm border-b-2 px-1 text-sm font-medium whitespace-nowrap transition-colors focus-visible:outline-offset-0",
              active
                ? "border-foreground text-foreground"
                : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
