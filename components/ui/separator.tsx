import { Separator as SeparatorPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";

export type SeparatorProps = React.ComponentProps<typeof SeparatorPrimitive.Root>;

/** 1px rule. Decorative by default; pass `decorative={false}` when it separates content semantically. */
export function Separator({ className, orientation = "horizontal", decorative = true, ...props }: SeparatorProps) {
  return (
    <SeparatorPrimitive.Root
      data-slot="separator"
      orientation={orientation}
      decorative={decorative}
      className={cn(
        "shrink-0 bg-border",
        orientation === "horizontal" ? "h-px w-full" : "h-full w-px self-stretch",
        className,
      )}
      {...props}
    />
  );
}
