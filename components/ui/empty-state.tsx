import { cn } from "@/lib/utils/cn";

export type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** A lucide icon component (e.g. `Users`) or any node. */
  icon?: React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }> | React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Call to action, typically a `<Button>`. */
  action?: React.ReactNode;
  /** Heading level for the title. Default h3. */
  headingLevel?: "h2" | "h3" | "h4";
};

/** Centered "nothing here yet" block for empty lists and zero-result searches. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  headingLevel: Heading = "h3",
  className,
  children,
  ...props
}: EmptyStateProps) {
  let iconNode: React.ReactNode = null;
  if (typeof icon === "function" || (typeof icon === "object" && icon !== null && "render" in icon)) {
    const Icon = icon as React.ComponentType<{ className?: string; "aria-hidden"?: boolean | "true" }>;
    iconNode = <Icon className="size-5" aria-hidden="true" />;
  } else if (icon) {
    iconNode = icon as React.ReactNode;
  }

  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center justify-center px-6 py-12 text-center", className)}
      {...props}
    >
      {iconNode ? (
        <div className="mb-3 flex size-10 items-center justify-center rounded-lg border border-border bg-subtle text-muted-foreground shadow-xs">
          {iconNode}
        </div>
      ) : null}
      <Heading className="text-sm font-semibold text-foreground">{title}</Heading>
      {description ? <p className="mt-1 max-w-sm text-[13px] text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-4 flex items-center gap-2">{action}</div> : null}
      {children}
    </div>
  );
}
