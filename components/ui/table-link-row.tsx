"use client";

import { createContext, use } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { cn } from "@/lib/utils/cn";

const RowHrefContext = createContext<string | null>(null);

const INTERACTIVE =
  'a,button,input,select,textarea,label,summary,[role="button"],[role="menuitem"],[role="checkbox"],[role="switch"],[data-row-click-ignore]';

export type TableLinkRowProps = React.ComponentProps<"tr"> & { href: string };

/**
 * A table row that navigates to `href` when clicked anywhere (Cmd/Ctrl/middle-click opens a new tab).
 * Clicks on buttons, links, inputs and menus inside the row are left alone, as is text selection.
 * For keyboard and screen-reader users, put a `<TableRowLink>` in the row's primary cell:
 * it is the real, focusable link (and it highlights the row when focused).
 *
 * A row's page is prefetched when the pointer rests on the row or its link gets focus, not when the
 * row scrolls into view: a table of 25 rows would otherwise ask the server for 25 pages (each with
 * its session check) every time it shows, competing with what the user actually does.
 */
export function TableLinkRow({ href, className, onClick, onAuxClick, onMouseEnter, children, ...props }: TableLinkRowProps) {
  const router = useRouter();

  function shouldIgnore(event: React.MouseEvent<HTMLTableRowElement>): boolean {
    if (event.defaultPrevented) return true;
    const target = event.target as HTMLElement | null;
    const interactive = target?.closest(INTERACTIVE);
    if (interactive && event.currentTarget.contains(interactive)) return true;
    const selection = typeof window !== "undefined" ? window.getSelection()?.toString() : "";
    return Boolean(selection);
  }

  return (
    <RowHrefContext value={href}>
      <tr
        data-slot="table-row"
        data-href={href}
        className={cn(
          "cursor-pointer border-b border-border transition-colors duration-100 hover:bg-subtle",
          "has-[[data-row-link]:focus-visible]:bg-subtle",
          className,
        )}
        onClick={(event) => {
          onClick?.(event);
          if (shouldIgnore(event)) return;
          if (event.metaKey || event.ctrlKey || event.shiftKey) {
            window.open(href, "_blank", "noopener");
            return;
          }
          router.push(href);
        }}
        onMouseEnter={(event) => {
          onMouseEnter?.(event);
          router.prefetch(href);
        }}
        onAuxClick={(event) => {
          onAuxClick?.(event);
          if (event.button !== 1 || shouldIgnore(event)) return;
          window.open(href, "_blank", "noopener");
        }}
        {...props}
      >
        {children}
      </tr>
    </RowHrefContext>
  );
}

export type TableRowLinkProps = Omit<React.ComponentProps<typeof Link>, "href"> & {
  /** Defaults to the surrounding `TableLinkRow`'s href. */
  href?: string;
};

/** The focusable link inside a `TableLinkRow` (usually wraps the name in the first cell). */
export function TableRowLink({ href, className, onFocus, ...props }: TableRowLinkProps) {
  const router = useRouter();
  const rowHref = use(RowHrefContext);
  const target = href ?? rowHref;
  if (!target) throw new Error("TableRowLink needs an href or a surrounding TableLinkRow.");
  return (
    <Link
      data-row-link=""
      href={target}
      // On intent only (hover over the row, focus), see TableLinkRow.
      prefetch={false}
      onFocus={(event) => {
        onFocus?.(event);
        router.prefetch(target);
      }}
      className={cn("rounded-xs font-medium text-foreground outline-offset-4 hover:underline hover:underline-offset-4", className)}
      {...props}
    />
  );
}
