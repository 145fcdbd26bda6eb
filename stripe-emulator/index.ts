export { startStripeEmulator } from "./server";
export type { StripeEmulator, StripeEmulatorOptions } from "./server";
export type { RenewalResult } from "./billing";
export type { ClockAdvance, ClockResult } from "./control";
export type { FailureMode, FailureSpec } from "./failure-injection";
export type { WebhookConfig, WebhookEndpointConfig, WebhookRetryOptions } from "./webhooks";
export { signatureHeader } from "./webhooks";
