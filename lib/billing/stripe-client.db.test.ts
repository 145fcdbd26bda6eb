// The Stripe client's configuration and the error translation: pure rules, no network.
import { describe, expect, it } from "vitest";
import { apiBaseOptions, stripeFor, STRIPE_API_VERSION } from "./stripe-client";
import { isStripeRefusal, toStripeDomainError } from "./stripe-errors";
import { stripeCustomerUrl } from "./stripe-links";

describe("Stripe client", () => {
  it("points the SDK at STRIPE_API_BASE (host, port, protocol)", () => {
    expect(apiBaseOptions("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: "12111", protocol: "http" });
    expect(apiBaseOptions("https://stripe-proxy.internal")).toEqual({ host: "stripe-proxy.internal", port: 443, protocol: "https" });
    expect(apiBaseOptions(undefined)).toEqual({});
  });

  it("uses the pinned API version and one client per environment", () => {
    expect(STRIPE_API_VERSION).toBe("2026-10-28.endive");
    expect(stripeFor("sandbox")).toBe(stripeFor("sandbox"));
    expect(stripeFor("sandbox")).not.toBe(stripeFor("live"));
  });

  it("links to the emulator locally, else to Stripe's dashboard (test mode for sandbox)", () => {
    expect(stripeCustomerUrl("sandbox", "cus_1")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_emulator\/state$/);
  });
});

describe("Stripe errors", () => {
  const stripeError = (type: string, message: string, extra: object = {}) => Object.assign(new Error(message), { type, ...extra });

  it("answers 400 when Stripe refused, 502 when it failed or was unreachable", () => {
    expect(toStripeDomainError(stripeError("StripeInvalidRequestError", "No such customer: 'cus_x'"), "sandbox", "open the billing portal")).toMatchObject({
      code: "stripe_error",
      status: 400,
      message: "Stripe refused to open the billing portal: No such customer: 'cus_x'",
    });
    expect(toStripeDomainError(stripeError("StripeConnectionError", "connect ECONNREFUSED"), "sandbox", "create the Stripe customer")).toMatchObject({
      status: 502,
      message: expect.stringMatching(/^Could not reach Stripe to create the Stripe customer .* retrying the same call is safe$/),
    });
    expect(toStripeDomainError(stripeError("StripeAuthenticationError", "Invalid API Key"), "live", "start the checkout")).toMatchObject({
      status: 502,
      message: expect.stringContaining("check STRIPE_SECRET_KEY_LIVE"),
    });
    const other = new Error("not Stripe's");
    expect(toStripeDomainError(other, "sandbox", "x")).toBe(other);
  });

  it("tells refusals (permanent) from failures (worth retrying)", () => {
    expect(isStripeRefusal(stripeError("StripeInvalidRequestError", "bad"))).toBe(true);
    expect(isStripeRefusal(stripeError("StripeAPIError", "boom"))).toBe(false);
    expect(isStripeRefusal(toStripeDomainError(stripeError("StripeCardError", "declined"), "sandbox", "pay"))).toBe(true);
  });
});
