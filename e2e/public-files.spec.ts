// public/: the icons, the web manifest and robots.txt are served (a /favicon.ico that answered 404
// was a console error on every first load), and robots.txt keeps the private paths out of search.
import { expect, test } from "./fixtures";

const FILES: [path: string, contentType: RegExp][] = [
  ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
  ["/icon.svg", /image\/svg\+xml/],
  ["/apple-touch-icon.png", /image\/png/],
  ["/icon-192.png", /image\/png/],
  ["/icon-512.png", /image\/png/],
  ["/site.webmanifest", /application\/manifest\+json|application\/json/],
  ["/robots.txt", /text\/plain/],
];

for (const [path, contentType] of FILES) {
  test(`${path} is served`, async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(contentType);
  });
}

test("a first visit loads without a console error or a failed request, and links the icons", async ({ browser, baseURL }) => {
  // A fresh context: nothing cached, as for a new user.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto("/sign-in");
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  // The browser asks for the favicon by itself; give it the chance before judging.
  await page.waitForResponse((response) => new URL(response.url()).pathname === "/favicon.ico", { timeout: 5_000 }).catch(() => undefined);
  expect(problems).toEqual([]);
  await expect(page.locator('link[rel="icon"][href="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/site.webmanifest");
  await context.close();
});

test("robots.txt keeps the dashboard, the portal and the APIs out of search engines", async ({ request }) => {
  const lines = (await (await request.get("/robots.txt")).text()).split("\n").map((line) => line.trim());
  for (const path of ["/customers", "/plans", "/audit", "/portal", "/sign-in", "/api/", "/v1/"]) expect(lines).toContain(`Disallow: ${path}`);
  expect(lines).not.toContain("Disallow: /");
});
