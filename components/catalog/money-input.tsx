"use client";

import { useState } from "react";
import { currencyDigits } from "@/components/dashboard/format";
import { Input } from "@/components/ui/input";

export type MoneyInputProps = Omit<React.ComponentProps<typeof Input>, "value" | "onChange" | "type"> & {
  /** Minor units (cents); NaN while the text is not an amount. */
  value: number;
  currency: string;
  onChange: (minorUnits: number) => void;
};

const toText = (minor: number, digits: number) => (Number.isFinite(minor) ? (minor / 10 ** digits).toFixed(digits) : "");

/** An amount typed in major units ("12.50") and kept in minor units (1250), as prices are stored. */
export function MoneyInput({ value, currency, onChange, className, ...props }: MoneyInputProps) {
  const digits = currencyDigits(currency);
  const [text, setText] = useState(() => toText(value, digits));
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{0,${digits}})?$`) : /^\d+$/;

  return (
    <div className="relative">
      <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-xs font-medium text-muted-foreground" aria-hidden="true">
        {currency.toUpperCase()}
      </span>
      <Input
        {...props}
        inputMode="decimal"
        autoComplete="off"
        className={`numeric pl-12 ${className ?? ""}`}
        value={text}
        onChange={(event) => {
          const next = event.target.value.replace(",", ".").trim();
          setText(event.target.value);
          onChange(pattern.test(next) ? Math.round(Number(next) * 10 ** digits) : Number.NaN);
        }}
        onBlur={(event) => {
          if (Number.isFinite(value)) setText(toText(value, digits));
          props.onBlur?.(event);
        }}
      />
    </div>
  );
}
