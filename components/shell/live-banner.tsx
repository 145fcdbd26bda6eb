import Link from "next/link";
import { TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils/cn";

export type LiveBannerProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Override the message. Default "You are viewing live data". */
  children?: React.ReactNode;
  /** Optional link to leave live mode, e.g. `{ href: "?env=sandbox", label: "Switch to sandbox" }`. */
  switchTo?: { href: string; label: string };
};

/** Thin amber strip across the top of the main area while the Live environment is selected. */
export function LiveBanner({ children, switchTo, className, ...props }: LiveBannerProps) {
  return (
    <div
      data-slot="live-banner"
      role="region"
      aria-label="Live environment notice"
      className={cn(
        "flex h-8 shrink-0 items-center justify-center gap-2 border-b border-live-border bg-live-soft px-4 text-[13px] font-medium text-live-ink",
        className,
      )}
      {...props}
    >
      <TriangleAlert className="size-3.5 shrink-0" aria-hidden="true" />
      <span>{children ?? "You are viewing live data"}</span>
      {switchTo ? (
        <Link href={switchTo.href} className="rounded-xs underline underline-offset-2 hover:no-underline">
          {switchTo.label}
        </Link>
      ) : null}
    </div>
  );
}
