import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseServerArgs, SERVER_NODE_FLAGS, ServerArgsError, serverNodeFlags } from "./server-args";

describe("npm start / npm run dev arguments", () => {
  it("takes -p/--port and -H/--hostname as next start does, in every spelling", () => {
    expect(parseServerArgs(["-p", "3999"])).toEqual({ port: 3999, hostname: undefined });
    expect(parseServerArgs(["--port", "3999", "-H", "127.0.0.1"])).toEqual({ port: 3999, hostname: "127.0.0.1" });
    expect(parseServerArgs(["--port=4000", "--hostname=0.0.0.0"])).toEqual({ port: 4000, hostname: "0.0.0.0" });
  });

  it("falls back to PORT, then 3000; a flag wins over PORT", () => {
    expect(parseServerArgs([], {})).toEqual({ port: 3000, hostname: undefined });
    expect(parseServerArgs([], { PORT: "3100" })).toEqual({ port: 3100, hostname: undefined });
    expect(parseServerArgs(["-p", "3999"], { PORT: "3100" })).toMatchObject({ port: 3999 });
  });

  it("refuses unknown flags with a message that names PORT", () => {
    expect(() => parseServerArgs(["--turbo"])).toThrow(ServerArgsError);
    expect(() => parseServerArgs(["--turbo"])).toThrow(/Unknown option "--turbo".*PORT/);
    expect(() => parseServerArgs(["3999"])).toThrow(/PORT/);
  });

  it("refuses a missing or bad port", () => {
    expect(() => parseServerArgs(["-p"])).toThrow(/-p needs a value/);
    expect(() => parseServerArgs(["-p", "http"])).toThrow(/port number/);
    expect(() => parseServerArgs(["--port=70000"])).toThrow(/port number/);
    expect(() => parseServerArgs([], { PORT: "abc" })).toThrow(/PORT must be a port number/);
  });
});

describe("the production server's Node flags", () => {
  it("give V8 16-32 MB semi-spaces unless NODE_OPTIONS sets their size", () => {
    expect(SERVER_NODE_FLAGS).toEqual(["--max-semi-space-size=32", "--min-semi-space-size=16"]);
    expect(serverNodeFlags("")).toEqual(SERVER_NODE_FLAGS);
    expect(serverNodeFlags("--max-old-space-size=256")).toEqual(SERVER_NODE_FLAGS);
    expect(serverNodeFlags("--max-old-space-size=256 --max-semi-space-size=16")).toEqual([]);
    expect(serverNodeFlags("--max_semi_space_size=16")).toEqual([]);
  });

  it("are the ones the container image's CMD gives", () => {
    const dockerfile = fs.readFileSync(path.join(__dirname, "../../Dockerfile"), "utf8");
    // The last stage's CMD (an earlier stage runs the migrations).
    const cmd = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].at(-1);
    expect(cmd && JSON.parse(cmd[1]!)).toEqual(["node", ...SERVER_NODE_FLAGS, "serve.mjs"]);
  });
});
