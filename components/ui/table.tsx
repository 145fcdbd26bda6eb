import Link from "next/link";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export { TableLinkRow, TableRowLink } from "./table-link-row";

export type TableProps = React.ComponentProps<"table"> & {
  /** Classes for the scroll wrapper `div` (the `className` goes on the `table`). */
  wrapperClassName?: string;
};

/**
 * Data table. Wrap it in a `<Card>` (with `className="overflow-hidden"`) or use it bare.
 * Give it an accessible name: `aria-label`, or a `<TableCaption>`.
 */
export function Table({ className, wrapperClassName, ...props }: TableProps) {
  return (
    <div data-slot="table-wrapper" className={cn("relative w-full overflow-x-auto", wrapperClassName)}>
      <table data-slot="table" className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={cn("bg-subtle [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return (
    <tfoot
      data-slot="table-footer"
      className={cn("border-t bg-subtle font-medium [&>tr]:last:border-b-0", className)}
      {...props}
    />
  );
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      data-slot="table-row"
      className={cn(
        "border-b border-border transition-colors duration-100 [tbody_&]:hover:bg-subtle data-[state=selected]:bg-accent/60",
        className,
      )}
      {...props}
    />
  );
}

type Align = "left" | "right" | "center";
const alignClass: Record<Align, string> = { left: "text-left", right: "text-right", center: "text-center" };

export type TableHeadProps = React.ComponentProps<"th"> & {
  align?: Align;
  /** Current sort of this column; sets `aria-sort`. Use with `<TableSortButton>` inside. */
  sort?: "asc" | "desc" | "none";
};

export function TableHead({ className, align = "left", sort, scope = "col", ...props }: TableHeadProps) {
  return (
    <th
      data-slot="table-head"
      scope={scope}
      aria-sort={sort === "asc" ? "ascending" : sort === "desc" ? "descending" : sort === "none" ? "none" : undefined}
      className={cn(
        "h-9 px-3 align-middle text-xs font-medium whitespace-nowrap text-muted-foreground first:pl-4 last:pr-4",
        alignClass[align],
        className,
      )}
      {...props}
    />
  );
}

export type TableCellProps = React.ComponentProps<"td"> & {
  align?: Align;
  /** Right-aligned tabular numerals (money, counts). */
  numeric?: boolean;
};

export function TableCell({ className, align, numeric = false, ...props }: TableCellProps) {
  return (
    <td
      data-slot="table-cell"
      className={cn(
        "h-11 px-3 py-2 align-middle first:pl-4 last:pr-4",
        alignClass[align ?? (numeric ? "right" : "left")],
        numeric && "numeric",
        className,
      )}
      {...props}
    />
  );
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return (
    <caption data-slot="table-caption" className={cn("py-3 text-[13px] text-muted-foreground", className)} {...props} />
  );
}

export type TableSortButtonProps = {
  children: React.ReactNode;
  /** Current direction of this column, or null when the table is sorted by another column. */
  direction: "asc" | "desc" | null;
  /** Navigate to this URL (e.g. `?sort=created&dir=desc`), or… */
  href?: string;
  /** …handle the click yourself. */
  onClick?: () => void;
  className?: string;
};

/** Clickable column label with a sort indicator. Put it inside `<TableHead sort={…}>`. */
export function TableSortButton({ children, direction, href, onClick, className }: TableSortButtonProps) {
  const Icon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ChevronsUpDown;
  const classes = cn(
    "group/sort -mx-1.5 inline-flex h-7 items-center gap-1 rounded-md px-1.5 text-xs font-medium",
    "hover:bg-muted hover:text-foreground",
    direction ? "text-foreground" : "text-muted-foreground",
    className,
  );
  const content = (
    <>
      {children}
      <Icon
        aria-hidden="true"
        className={cn("size-3.5", direction ? "opacity-100" : "opacity-40 group-hover/sort:opacity-80")}
      />
    </>
  );
  if (href) {
    return (
      <Link href={href} scroll={false} className={classes}>
        {content}
      </Link>
    );
  }
  return (
    <button type="button" onClick={onClick} className={classes}>
      {content}
    </button>
  );
}
