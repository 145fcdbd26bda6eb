"use client";

import Link from "next/link";
import { useFormStatus } from "react-dom";
import { cn } from "@/lib/utils/cn";

export type Environment = "sandbox" | "live";

export type EnvironmentSwitchProps = {
  env: Environment;
  /** Client callback… */
  onChange?: (env: Environment) => void;
  /** …or a form/server action; it receives FormData with `name` (default "env") = "sandbox" | "live". */
  action?: (formData: FormData) => void | Promise<void>;
  /** …or plain links. */
  hrefs?: Record<Environment, string>;
  /** Form field name used with `action`. Default "env". */
  name?: string;
  className?: string;
};

const OPTIONS: { value: Environment; label: string }[] = [
  { value: "sandbox", label: "Sandbox" },
  { value: "live", label: "Live" },
];

function segmentClasses(value: Environment, active: boolean) {
  return cn(
    "inline-flex h-7 flex-1 items-center justify-center gap-1.5 rounded-md px-2.5 text-[13px] font-medium transition-colors duration-100",
    "focus-visible:outline-offset-0 disabled:cursor-default",
    active
      ? value === "live"
        ? "bg-live-soft text-live-ink shadow-xs ring-1 ring-live-border"
        : "bg-background text-foreground shadow-xs ring-1 ring-zinc-950/5"
      : "text-zinc-600 hover:text-foreground",
  );
}

function SegmentLabel({ value, label }: { value: Environment; label: string }) {
  return (
    <>
      {value === "live" ? <span aria-hidden="true" className="size-1.5 shrink-0 rounded-full bg-live" /> : null}
      {label}
    </>
  );
}

function FormSegments({ env, name }: { env: Environment; name: string }) {
  const { pending } = useFormStatus();
  return OPTIONS.map((o) => (
    <button
      key={o.value}
      type="submit"
      name={name}
      value={o.value}
      aria-pressed={env === o.value}
      disabled={pending}
      onClick={(event) => {
        if (env === o.value) event.preventDefault(); // already selected: no round trip
      }}
      className={segmentClasses(o.value, env === o.value)}
    >
      <SegmentLabel {...o} />
    </button>
  ));
}

/**
 * Sandbox / Live segmented control. Live is marked with an amber dot and turns amber when selected;
 * pair it with `<LiveBanner>` in the shell while live.
 */
export function EnvironmentSwitch({ env, onChange, action, hrefs, name = "env", className }: EnvironmentSwitchProps) {
  const wrapper = cn("flex w-full items-center gap-0.5 rounded-lg bg-zinc-200/60 p-0.5", className);

  if (action) {
    return (
      <form action={action} role="group" aria-label="Environment" className={wrapper}>
        <FormSegments env={env} name={name} />
      </form>
    );
  }

  if (hrefs) {
    return (
      <div role="group" aria-label="Environment" className={wrapper}>
        {OPTIONS.map((o) => (
          <Link
            key={o.value}
            href={hrefs[o.value]}
            aria-current={env === o.value ? "true" : undefined}
            className={segmentClasses(o.value, env === o.value)}
          >
            <SegmentLabel {...o} />
          </Link>
        ))}
      </div>
    );
  }

  return (
    <div role="group" aria-label="Environment" className={wrapper}>
      {OPTIONS.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={env === o.value}
          onClick={() => env !== o.value && onChange?.(o.value)}
          className={segmentClasses(o.value, env === o.value)}
        >
          <SegmentLabel {...o} />
        </button>
      ))}
    </div>
  );
}
