// Who did something, in words: "ada@acme.com", "API key Production", "sign-in", "seed".
import type { ActorKind } from "@/lib/generated/prisma";

export function actorText(kind: ActorKind, label: string | null): string {
  switch (kind) {
    case "staff":
      return label ?? "a staff member";
    case "api_key":
      return label ? (label.toLowerCase().startsWith("api key") ? label : `API key ${label}`) : "an API key";
    case "end_customer":
      return "sign-in";
    case "stripe_webhook":
      return "Stripe";
    case "system":
      return label ?? "system";
  }
}
