// A local OpenID Connect provider for the e2e run (npm `oidc-provider`), standing in for a
// company's identity provider. Its built-in development login form accepts any login and
// password; the login decides the account:
//   `verified:<email>`   → email <email>, email_verified: true
//   `unverified:<email>` → email <email>, email_verified: false
// so each test makes its own account. The app is configured with OIDC_* pointing here.
import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "../../tests/setup/free-port";

export const OIDC_CLIENT_ID = "equinox-e2e";
export const OIDC_CLIENT_SECRET = "equinox-e2e-client-secret";
export const OIDC_NAME = "Test SSO";

export type OidcTestProvider = {
  issuer: string;
  /** What the app needs in its environment. */
  appEnv: Record<string, string>;
  /** Registers the app's callback (known only once the app has its port) and starts answering. */
  allowApp(appUrl: string): void;
  close(): Promise<void>;
};

function accountFor(login: string) {
  const match = /^(verified|unverified):(.+@.+)$/.exec(login.trim());
  if (!match) return undefined;
  return { email: match[2]!.toLowerCase(), verified: match[1] === "verified" };
}

export async function startOidcProvider(): Promise<OidcTestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let handler: http.RequestListener | undefined;
  const server = http.createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end("The test identity provider is not configured yet");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    issuer,
    appEnv: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME },
    allowApp(appUrl) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: OIDC_CLIENT_ID,
            client_secret: OIDC_CLIENT_SECRET,
            redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
            grant_types: ["authorization_code"],
            response_types: ["code"],
          },
        ],
        async findAccount(_ctx, sub) {
          const account = accountFor(sub);
          if (!account) return undefined;
          return {
            accountId: sub,
            async claims() {
              return { sub, email: account.email, email_verified: account.verified, name: account.email.split("@")[0] };
            },
          };
        },
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
        // Put the email claims in the ID token too (next-auth reads the profile from it).
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: true } },
        cookies: { keys: ["equinox-e2e-oidc-cookie-key"] },
      });
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
