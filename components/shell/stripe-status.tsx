import { cn } from "@/lib/utils/cn";

export type StripeMode = "emulator" | "test" | "live";

export type StripeStatusProps = Omit<React.ComponentProps<"span">, "children"> & {
  mode: StripeMode;
};

const config: Record<StripeMode, { text: string; dot: string; title: string }> = {
  emulator: {
    text: "Stripe: local emulator",
    dot: "bg-zinc-400",
    title: "Payments go to the local Stripe emulator; nothing reaches Stripe.",
  },
  test: { text: "Stripe: test mode", dot: "bg-info", title: "Using Stripe test-mode keys; no real charges." },
  live: { text: "Stripe: live", dot: "bg-live", title: "Using Stripe live keys: charges are real." },
};

/** Tiny indicator of which Stripe backend is connected. */
export function StripeStatus({ mode, className, ...props }: StripeStatusProps) {
  const c = config[mode];
  return (
    <span
      data-slot="stripe-status"
      data-mode={mode}
      title={c.title}
      className={cn(
        "inline-flex h-5 w-fit items-center gap-1.5 rounded-md border border-border bg-background px-1.5 text-2xs font-medium whitespace-nowrap text-muted-foreground",
        mode === "live" && "border-live-border bg-live-soft text-live-ink",
        className,
      )}
      {...props}
    >
      <span aria-hidden="true" className={cn("size-1.5 shrink-0 rounded-full", c.dot)} />
      {c.text}
    </span>
  );
}
