import { describe, expect, it } from "vitest";
import { parseCliArgs, parseHostPort } from "./cli-args.ts";

describe("parseCliArgs", () => {
  it("parses every option", () => {
    expect(
      parseCliArgs([
        "--config",
        "s.json",
        "--http",
        "0.0.0.0:8080",
        "--timeout",
        "5000",
        "--memory-mb",
        "64",
        "--discovery-threshold",
        "0",
        "--isolation",
        "in-process",
        "--connect-timeout",
        "9000",
        "--strict",
        "--approval",
        "fs.write_file",
        "--approval",
        "memory.delete_*",
        "--secret-file",
        "secret.txt",
      ]),
    ).toEqual({
      kind: "run",
      options: {
        config: "s.json",
        http: { host: "0.0.0.0", port: 8080 },
        timeoutMs: 5000,
        memoryLimitMb: 64,
        discoveryThreshold: 0,
        isolation: "in-process",
        connectTimeoutMs: 9000,
        strict: true,
        approval: ["fs.write_file", "memory.delete_*"],
        secretFile: "secret.txt",
      },
    });
  });

  it("leaves strict out unless --strict is given", () => {
    expect(parseCliArgs(["--config", "s.json"])).toEqual({
      kind: "run",
      options: { config: "s.json" },
    });
  });

  it("recognises --help and -h", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["-h", "--config", "x"])).toEqual({ kind: "help" });
  });

  it("reports every bad value at once", () => {
    const parsed = parseCliArgs([
      "--http",
      "nope",
      "--timeout=-5",
      "--memory-mb",
      "4",
      "--isolation",
      "vm",
    ]);
    expect(parsed).toEqual({
      kind: "error",
      errors: [
        "--config <servers.json> is required",
        '--http must be <host:port> (for example 127.0.0.1:3000), got "nope"',
        '--timeout must be an integer of at least 1, got "-5"',
        '--memory-mb must be an integer of at least 8, got "4"',
        '--isolation must be "process" or "in-process", got "vm"',
      ],
    });
  });

  it("reports an unknown flag", () => {
    const parsed = parseCliArgs(["--config", "x", "--verbose"]);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.errors[0]).toContain("--verbose");
  });
});

describe("parseHostPort", () => {
  it.each([
    ["127.0.0.1:3000", { host: "127.0.0.1", port: 3000 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["[::1]:8080", { host: "::1", port: 8080 }],
    ["3000", { host: "127.0.0.1", port: 3000 }],
    ["host:99999", undefined],
    ["host:", undefined],
  ])("parses %j", (input, expected) => {
    expect(parseHostPort(input)).toEqual(expected);
  });
});
