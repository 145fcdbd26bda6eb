import { describe, expect, it } from "vitest";
import { isPrivateAddress, urlHost } from "./url-safety";
import { webhookUrlSchema } from "./schemas";

describe("webhook URLs", () => {
  it("tells private, loopback, link-local and reserved addresses from public ones", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:7f00:1", "::7f00:1", "::a00:1", "64:ff9b::7f00:1", "2002:7f00:1::", "2001:0:4136:e378::1", "2001:db8::1"]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
    expect(isPrivateAddress("not-an-ip")).toBe(true);
  });

  it("sees loopback written as IPv6 in a URL (the parser turns [::127.0.0.1] into [::7f00:1])", () => {
    for (const url of ["http://[::127.0.0.1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://[64:ff9b::10.0.0.1]/hook"]) {
      expect(isPrivateAddress(urlHost(new URL(url))), url).toBe(true);
    }
  });

  it("accepts http(s) URLs only, without credentials", () => {
    expect(webhookUrlSchema.safeParse("https://hooks.example.com/equinox").success).toBe(true);
    expect(webhookUrlSchema.safeParse(" http://127.0.0.1:4000/x ").data).toBe("http://127.0.0.1:4000/x");
    for (const url of ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "example.com/x", "", "https://user:pass@example.com/x"]) {
      expect(webhookUrlSchema.safeParse(url).success, url).toBe(false);
    }
  });
});
