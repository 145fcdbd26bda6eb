import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { InteractiveMarker } from "./interactive-marker";

export type PageHeaderProps = Omit<React.ComponentProps<"header">, "title"> & {
  /** Page title, rendered as the page's `h1`. */
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Right-aligned actions (buttons, menus). */
  actions?: React.ReactNode;
  /** Inline items after the title (e.g. a status Badge). */
  meta?: React.ReactNode;
  /** Small back link above the title, for detail pages. */
  back?: { href: string; label: string };
};

/** Top of every page: h1 + description on the left, actions on the right. */
export function PageHeader({ title, description, actions, meta, back, className, children, ...props }: PageHeaderProps) {
  return (
    <header data-slot="page-header" className={cn("mb-6 flex flex-col gap-1", className)} {...props}>
      {back ? (
        <Link
          href={back.href}
          className="-ml-1 mb-1 inline-flex w-fit items-center gap-0.5 rounded-sm px-1 text-[13px] text-muted-foreground hover:text-foreground"
        >
          <ChevronLeft className="size-3.5" aria-hidden="true" />
          {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0 flex-1">
          <div className="flex min-w-0 flex-wrap items-center gap-2">
            <h1 className="truncate text-xl leading-7 font-semibold tracking-tight text-foreground">{title}</h1>
            {meta}
          </div>
          {description ? <p className="mt-1 max-w-2xl text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
      </div>
      {children}
      <InteractiveMarker />
    </header>
  );
}
