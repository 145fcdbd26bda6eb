// The database write after a Stripe change is retried on a transient failure only.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DomainError } from "@/lib/errors";
import { afterStripe } from "./after-stripe";

const failing = (errors: unknown[], value = "written") => {
  const write = vi.fn(async () => {
    const error = errors.shift();
    if (error) throw error;
    return value;
  });
  return write;
};

describe("afterStripe", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("retries a deadlock and a lost connection until the write goes through", async () => {
    const write = failing([Object.assign(new Error("deadlock detected"), { code: "40P01" }), Object.assign(new Error("Connection terminated unexpectedly"), {})]);
    const result = afterStripe(write);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe("written");
    expect(write).toHaveBeenCalledTimes(3);
  });

  it("does not retry a refusal: the plans changed meanwhile", async () => {
    const write = failing([new DomainError("invalid_inputs", "plan pro is already canceled")]);
    await expect(afterStripe(write)).rejects.toThrow("already canceled");
    expect(write).toHaveBeenCalledTimes(1);
  });

  it("gives up after four attempts and answers the last error", async () => {
    const write = failing(Array.from({ length: 5 }, () => Object.assign(new Error("pool timeout"), { code: "P2024" })));
    const result = afterStripe(write);
    const settled = expect(result).rejects.toThrow("pool timeout");
    await vi.runAllTimersAsync();
    await settled;
    expect(write).toHaveBeenCalledTimes(4);
  });
});
