import { CircleAlert, CircleCheck, Info, TriangleAlert } from "lucide-react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/utils/cn";

const alertVariants = cva("flex items-start gap-2.5 rounded-lg border px-3.5 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0", {
  variants: {
    variant: {
      info: "border-info-border/70 bg-info-soft text-info-ink",
      success: "border-success-border/70 bg-success-soft text-success-ink",
      warning: "border-warning-border/80 bg-warning-soft text-warning-ink",
      danger: "border-destructive-border/70 bg-destructive-soft text-destructive-ink",
      live: "border-live-border bg-live-soft text-live-ink",
    },
  },
  defaultVariants: { variant: "info" },
});

const icons = { info: Info, success: CircleCheck, warning: TriangleAlert, danger: CircleAlert, live: TriangleAlert };

export type AlertProps = Omit<React.ComponentProps<"div">, "title"> &
  VariantProps<typeof alertVariants> & {
    title?: React.ReactNode;
  };

/**
 * Inline message box (not a toast): a form's server error, a warning above a table.
 * `danger` alerts get role="alert" (announced at once); the others role="status".
 */
export function Alert({ variant, title, className, children, role, ...props }: AlertProps) {
  const Icon = icons[variant ?? "info"];
  return (
    <div
      data-slot="alert"
      role={role ?? (variant === "danger" ? "alert" : "status")}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    >
      <Icon aria-hidden="true" />
      <div className="grid min-w-0 gap-0.5">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className="text-[13px] leading-5 [&_a]:underline [&_a]:underline-offset-2">{children}</div> : null}
      </div>
    </div>
  );
}
