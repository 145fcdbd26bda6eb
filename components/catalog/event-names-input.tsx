"use client";

import { useState } from "react";
import { X } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { useField } from "@/components/ui/field";
import { controlClasses } from "@/components/ui/control-styles";

export type EventNamesInputProps = {
  value: string[];
  onChange: (value: string[]) => void;
  onBlur?: () => void;
  disabled?: boolean;
  placeholder?: string;
};

/**
 * A list of short names typed one by one: Enter or comma adds the typed name, Backspace in the
 * empty input removes the last one, each chip has a remove button. Works inside `<Field>`.
 */
export function EventNamesInput({ value, onChange, onBlur, disabled, placeholder = "Type a name, press Enter" }: EventNamesInputProps) {
  const field = useField();
  const [draft, setDraft] = useState("");

  function commit() {
    const name = draft.trim().replace(/,$/, "").trim();
    if (name && !value.includes(name)) onChange([...value, name]);
    setDraft("");
  }

  return (
    <div className={cn(controlClasses, "flex min-h-9 flex-wrap items-center gap-1 px-1.5 py-1 focus-within:border-ring focus-within:ring-3 focus-within:ring-ring/20", disabled && "bg-muted opacity-70")}>
      {/* The chips are a plain list; the input carries the field's label. */}
      <ul className="contents">
        {value.map((name) => (
          <li key={name} className="inline-flex h-6 items-center gap-1 rounded-sm bg-muted pr-0.5 pl-1.5 font-mono text-xs">
            {name}
            {disabled ? null : (
              <button
                type="button"
                onClick={() => onChange(value.filter((n) => n !== name))}
                className="inline-flex size-5 items-center justify-center rounded-xs text-muted-foreground hover:bg-zinc-200 hover:text-foreground"
                aria-label={`Remove ${name}`}
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            )}
          </li>
        ))}
      </ul>
      <input
        id={field?.id}
        aria-describedby={field?.describedBy}
        aria-invalid={field?.invalid || undefined}
        disabled={disabled}
        value={draft}
        placeholder={value.length ? "" : placeholder}
        onChange={(event) => {
          const next = event.target.value;
          if (next.endsWith(",")) {
            setDraft(next);
            const name = next.slice(0, -1).trim();
            if (name && !value.includes(name)) onChange([...value, name]);
            setDraft("");
            return;
          }
          setDraft(next);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          } else if (event.key === "Backspace" && draft === "" && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => {
          commit();
          onBlur?.();
        }}
        className="h-7 min-w-32 flex-1 bg-transparent px-1.5 font-mono text-[13px] outline-none placeholder:font-sans placeholder:text-muted-foreground/80"
      />
    </div>
  );
}
