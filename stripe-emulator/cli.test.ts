import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { WEBHOOK_SECRET, startWebhookReceiver, verifiedEvents } from "./test-support";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

describe("cli", () => {
  it("prints its URL, serves the API with env-configured webhooks and stops on SIGTERM", async () => {
    const receiver = await startWebhookReceiver();
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--quiet"], {
      env: {
        ...process.env,
        STRIPE_EMULATOR_WEBHOOK_URL: receiver.url,
        STRIPE_WEBHOOK_SECRET_TEST: WEBHOOK_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          output += chunk;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`cli exited early (${code}): ${output}`)));
      });

      const stripe = new Stripe("sk_test_cli", {
        host: "127.0.0.1",
        port: Number(new URL(url).port),
        protocol: "http",
        maxNetworkRetries: 0,
        telemetry: false,
      });
      const customer = await stripe.customers.create({ email: "cli@example.com" });
      expect(customer.id).toMatch(/^cus_/);
      await fetch(`${url}/_emulator/webhooks/flush`, { method: "POST" });
      expect(verifiedEvents(receiver).map((event) => event.type)).toEqual(["customer.created"]);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await receiver.close();
    }
  }, 20_000);
});
