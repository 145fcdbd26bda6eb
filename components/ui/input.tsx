"use client";

import { cn } from "@/lib/utils/cn";
import { controlClasses } from "./control-styles";
import { useFieldControlProps } from "./field";

export type InputProps = React.ComponentProps<"input"> & {
  /** Visual size: `sm` 32px, `md` 36px (default). */
  inputSize?: "sm" | "md";
};

/**
 * Text input. Inside `<Field>` it picks up id / aria-describedby / aria-invalid automatically.
 * Works with react-hook-form: `<Input {...register("email")} />` (ref is a normal prop in React 19).
 */
export function Input({ className, inputSize = "md", type = "text", ...rest }: InputProps) {
  const props = useFieldControlProps(rest);
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(
        controlClasses,
        inputSize === "sm" ? "h-8 px-2.5 text-[13px]" : "h-9 px-3",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium",
        type === "number" && "numeric",
        className,
      )}
      {...props}
    />
  );
}
