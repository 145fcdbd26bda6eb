import { Slot } from "radix-ui";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/utils/cn";

export const badgeVariants = cva(
  "inline-flex h-5 shrink-0 items-center gap-1 rounded-md border px-1.5 text-xs leading-none font-medium whitespace-nowrap [&_svg]:size-3 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        neutral: "border-transparent bg-muted text-zinc-700",
        success: "border-success-border/70 bg-success-soft text-success-ink",
        warning: "border-warning-border/80 bg-warning-soft text-warning-ink",
        danger: "border-destructive-border/70 bg-destructive-soft text-destructive-ink",
        info: "border-info-border/70 bg-info-soft text-info-ink",
        outline: "border-border bg-background text-foreground",
        /** Awaiting something (e.g. a customer whose checkout is not complete): dashed, quiet. */
        pending: "border-dashed border-zinc-400 bg-background text-muted-foreground",
        /** Live-environment marker (amber). */
        live: "border-live-border bg-live-soft text-live-ink",
      },
    },
    defaultVariants: { variant: "neutral" },
  },
);

const dotColor: Record<NonNullable<BadgeProps["variant"]>, string> = {
  neutral: "bg-zinc-400",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-destructive",
  info: "bg-info",
  outline: "bg-zinc-400",
  pending: "border border-zinc-400 bg-transparent",
  live: "bg-live",
};

export type BadgeProps = React.ComponentProps<"span"> &
  VariantProps<typeof badgeVariants> & {
    /** Leading status dot (hollow for `pending`). */
    dot?: boolean;
    asChild?: boolean;
  };

/** Small status label. Text must carry the meaning; colour only reinforces it. */
export function Badge({ className, variant, dot = false, asChild = false, children, ...props }: BadgeProps) {
  const Comp = asChild ? Slot.Root : "span";
  return (
    <Comp data-slot="badge" className={cn(badgeVariants({ variant }), className)} {...props}>
      {dot ? (
        <span aria-hidden="true" className={cn("size-1.5 shrink-0 rounded-full", dotColor[variant ?? "neutral"])} />
      ) : null}
      {children}
    </Comp>
  );
}
