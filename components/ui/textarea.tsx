"use client";

import { cn } from "@/lib/utils/cn";
import { useFieldControlProps } from "./field";
import { controlClasses } from "./control-styles";

export type TextareaProps = React.ComponentProps<"textarea">;

/** Multi-line text input; auto-grows with content where supported (`field-sizing: content`). */
export function Textarea({ className, rows = 3, ...rest }: TextareaProps) {
  const props = useFieldControlProps(rest);
  return (
    <textarea
      data-slot="textarea"
      rows={rows}
      className={cn(controlClasses, "field-sizing-content min-h-20 px-3 py-2 leading-5", className)}
      {...props}
    />
  );
}
