"use client";

import { useId } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Button } from "./button";
import { NativeSelect } from "./native-select";
import { paginationSummary, type ItemNoun } from "./pagination-summary";

export type PaginationControlsProps = {
  /** 0-based index of the first item on this page. */
  offset: number;
  /** Number of items on this page. */
  count: number;
  /** Total items, if known (cursor pagination may not know it). */
  total?: number;
  pageSize: number;
  /** Default [10, 25, 50, 100]. Pass `[]` to hide the page-size select. */
  pageSizeOptions?: number[];
  /** What the items are, for the summary: "Showing 1 customer", "Showing 1–25 of 134 customers". */
  itemLabel?: ItemNoun;
  /** Override the computed enabled state (default: offset > 0). */
  hasPrevious?: boolean;
  /** Override the computed enabled state (default: total known and more items remain, else count === pageSize). */
  hasNext?: boolean;
  /** Either hrefs (links, work without JS)… */
  previousHref?: string;
  nextHref?: string;
  pageSizeHref?: (size: number) => string;
  /** …or callbacks. */
  onPrevious?: () => void;
  onNext?: () => void;
  onPageSizeChange?: (size: number) => void;
  className?: string;
};

/** Table footer: "Showing x–y of z", rows-per-page select, Previous / Next. Presentational only. */
export function PaginationControls({
  offset,
  count,
  total,
  pageSize,
  pageSizeOptions = [10, 25, 50, 100],
  itemLabel,
  hasPrevious,
  hasNext,
  previousHref,
  nextHref,
  pageSizeHref,
  onPrevious,
  onNext,
  onPageSizeChange,
  className,
}: PaginationControlsProps) {
  const router = useRouter();
  const sizeId = useId();
  const canPrev = hasPrevious ?? offset > 0;
  const canNext = hasNext ?? (total !== undefined ? offset + count < total : count >= pageSize && count > 0);
  const summary = paginationSummary({ offset, count, total, noun: itemLabel });

  const options = pageSizeOptions.includes(pageSize)
    ? pageSizeOptions
    : [...pageSizeOptions, pageSize].sort((a, b) => a - b);

  function changeSize(value: string) {
    const size = Number(value);
    if (onPageSizeChange) onPageSizeChange(size);
    else if (pageSizeHref) router.push(pageSizeHref(size));
  }

  function navButton(dir: "prev" | "next") {
    const enabled = dir === "prev" ? canPrev : canNext;
    const href = dir === "prev" ? previousHref : nextHref;
    const onClick = dir === "prev" ? onPrevious : onNext;
    const text = dir === "prev" ? "Previous" : "Next";
    const content =
      dir === "prev" ? (
        <>
          <ChevronLeft aria-hidden="true" />
          {text}
        </>
      ) : (
        <>
          {text}
          <ChevronRight aria-hidden="true" />
        </>
      );
    const classes = dir === "prev" ? "pl-1.5" : "pr-1.5";
    if (enabled && href) {
      return (
        <Button asChild variant="outline" size="sm" className={classes}>
          <Link href={href} scroll={false} rel={dir}>
            {content}
          </Link>
        </Button>
      );
    }
    return (
      <Button variant="outline" size="sm" className={classes} disabled={!enabled} onClick={onClick}>
        {content}
      </Button>
    );
  }

  const showSize = pageSizeOptions.length > 0 && Boolean(onPageSizeChange || pageSizeHref);

  return (
    <div
      data-slot="pagination"
      className={cn("flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3 text-[13px]", className)}
    >
      <p className="numeric text-muted-foreground" aria-live="polite">
        {summary}
      </p>
      <div className="flex items-center gap-4">
        {showSize ? (
          <div className="flex items-center gap-2">
            <label htmlFor={sizeId} className="whitespace-nowrap text-muted-foreground">
              Rows per page
            </label>
            <NativeSelect
              id={sizeId}
              selectSize="sm"
              wrapperClassName="w-[4.5rem]"
              className="numeric"
              value={String(pageSize)}
              onChange={(event) => changeSize(event.target.value)}
            >
              {options.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}
        <nav aria-label="Pagination" className="flex items-center gap-2">
          {navButton("prev")}
          {navButton("next")}
        </nav>
      </div>
    </div>
  );
}
