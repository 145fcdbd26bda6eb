import { cn } from "@/lib/utils/cn";

/** Keyboard key hint, e.g. `<Kbd>⌘</Kbd><Kbd>K</Kbd>` or `<Kbd>Esc</Kbd>`. */
export function Kbd({ className, ...props }: React.ComponentProps<"kbd">) {
  return (
    <kbd
      data-slot="kbd"
      className={cn(
        "inline-flex h-5 min-w-5 items-center justify-center rounded-sm border border-border bg-subtle px-1 font-sans text-2xs font-medium text-muted-foreground shadow-[inset_0_-1px_0_var(--color-border)]",
        className,
      )}
      {...props}
    />
  );
}

/** Groups several keys with a small gap. */
export function KbdGroup({ className, ...props }: React.ComponentProps<"span">) {
  return <span className={cn("inline-flex items-center gap-0.5", className)} {...props} />;
}
