// The little of `oidc-provider` (which ships no types) that the e2e identity provider uses.
declare module "oidc-provider" {
  import type { RequestListener } from "node:http";

  export type OidcAccount = { accountId: string; claims(): Promise<Record<string, unknown>> };

  export type Configuration = {
    clients?: Record<string, unknown>[];
    findAccount?: (ctx: unknown, sub: string) => Promise<OidcAccount | undefined>;
    claims?: Record<string, string[]>;
    conformIdTokenClaims?: boolean;
    features?: Record<string, unknown>;
    cookies?: { keys?: string[] };
  };

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    callback(): RequestListener;
  }
}
