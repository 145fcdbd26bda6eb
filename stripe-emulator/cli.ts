/**
 * Runs the Stripe emulator as a standalone dev server:
 *
 *   npx tsx stripe-emulator/cli.ts [--port 12111] [--public-url http://127.0.0.1:12111] [--quiet]
 *
 * Webhooks: STRIPE_EMULATOR_WEBHOOK_URL plus STRIPE_WEBHOOK_SECRET_TEST and/or
 * STRIPE_WEBHOOK_SECRET_LIVE; each secret present enables that mode's endpoint.
 */
import { parseArgs } from "node:util";

import { startStripeEmulator } from "./index";
import type { WebhookConfig } from "./webhooks";

function fail(message: string): never {
  process.stderr.write(`stripe-emulator: ${message}\n`);
  process.exit(2);
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`invalid port: ${raw}`);
  return port;
}

function webhooksFromEnv(env: NodeJS.ProcessEnv): WebhookConfig {
  const url = env.STRIPE_EMULATOR_WEBHOOK_URL;
  const testSecret = env.STRIPE_WEBHOOK_SECRET_TEST;
  const liveSecret = env.STRIPE_WEBHOOK_SECRET_LIVE;
  if (url === undefined || url === "") {
    if (testSecret || liveSecret) {
      process.stderr.write("stripe-emulator: webhook secrets set but STRIPE_EMULATOR_WEBHOOK_URL is not; no webhooks will be sent\n");
    }
    return {};
  }
  if (!testSecret && !liveSecret) {
    fail("STRIPE_EMULATOR_WEBHOOK_URL needs STRIPE_WEBHOOK_SECRET_TEST and/or STRIPE_WEBHOOK_SECRET_LIVE");
  }
  const config: WebhookConfig = {};
  if (testSecret) config.test = [{ url, secret: testSecret }];
  if (liveSecret) config.live = [{ url, secret: liveSecret }];
  return config;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "public-url": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      "Usage: tsx stripe-emulator/cli.ts [--port 12111] [--public-url URL] [--quiet]\n" +
        "Env: STRIPE_EMULATOR_PORT, STRIPE_EMULATOR_PUBLIC_URL, STRIPE_EMULATOR_WEBHOOK_URL,\n" +
        "     STRIPE_WEBHOOK_SECRET_TEST, STRIPE_WEBHOOK_SECRET_LIVE\n",
    );
    return;
  }
  const port = parsePort(values.port ?? process.env.STRIPE_EMULATOR_PORT ?? "12111");
  const publicUrl = values["public-url"] ?? process.env.STRIPE_EMULATOR_PUBLIC_URL;
  const webhooks = webhooksFromEnv(process.env);

  let emulator;
  try {
    emulator = await startStripeEmulator({
      port,
      ...(publicUrl ? { publicUrl } : {}),
      webhooks,
      log: values.quiet ? () => undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }

  process.stdout.write(`Stripe emulator listening on ${emulator.url}\n`);
  for (const mode of ["test", "live"] as const) {
    for (const endpoint of webhooks[mode] ?? []) {
      process.stdout.write(`  ${mode} webhooks -> ${endpoint.url}\n`);
    }
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, shutting down\n`);
    const timer = setTimeout(() => process.exit(1), 5_000);
    timer.unref();
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
