// Where Equinox is and the secret key this app uses: server-only settings (the key never reaches
// the browser; the browser talks to this app's /api/autumn, which calls Equinox).
export type EquinoxSettings = { serverURL: string; secretKey: string };

export function equinoxSettings(): EquinoxSettings {
  const serverURL = process.env.EQUINOX_URL;
  const secretKey = process.env.AUTUMN_SECRET_KEY;
  if (!serverURL || !secretKey) throw new Error("Set EQUINOX_URL (Equinox's origin, e.g. http://localhost:3000) and AUTUMN_SECRET_KEY (an Equinox secret key)");
  // autumn-js appends /v1/... to the URL it is given, path included: give it the origin.
  return { serverURL: new URL(serverURL).origin, secretKey };
}
