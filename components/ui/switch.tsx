"use client";

import { Switch as SwitchPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { useFieldControlProps } from "./field";

export type SwitchProps = React.ComponentProps<typeof SwitchPrimitive.Root> & {
  size?: "sm" | "md";
};

/**
 * On/off switch (Radix, role="switch"). Needs a label: wrap in `<Field orientation="horizontal">`
 * or pass `aria-label`. With react-hook-form: `checked={field.value} onCheckedChange={field.onChange}`.
 */
export function Switch({ className, size = "md", ...rest }: SwitchProps) {
  const props = useFieldControlProps(rest);
  return (
    <SwitchPrimitive.Root
      data-slot="switch"
      className={cn(
        "peer inline-flex shrink-0 items-center rounded-full p-0.5",
        "transition-colors duration-150",
        "bg-zinc-300 data-[state=checked]:bg-primary hover:data-[state=unchecked]:bg-zinc-400/80",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        "disabled:cursor-not-allowed disabled:opacity-50",
        size === "sm" ? "h-4 w-7" : "h-5 w-9",
        className,
      )}
      {...props}
    >
      <SwitchPrimitive.Thumb
        className={cn(
          "pointer-events-none block rounded-full bg-white shadow-sm ring-0 transition-transform duration-150",
          size === "sm"
            ? "size-3 data-[state=checked]:translate-x-3"
            : "size-4 data-[state=checked]:translate-x-4",
        )}
      />
    </SwitchPrimitive.Root>
  );
}
