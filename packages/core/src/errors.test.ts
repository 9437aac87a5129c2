import { describe, expect, it, vi } from "vitest";
import { ERROR_CODES, RUN_EXIT_CODES } from "./error-codes.ts";
import {
  InvalidOptionsError,
  IsobindError,
  RuntimeDisposedError,
  SandboxUnavailableError,
  UpstreamError,
} from "./errors.ts";

const cause = new Error("underlying");
const cases = [
  {
    Class: InvalidOptionsError,
    args: ["NodeRuntime.create", [{ path: "limits.x", message: "bad" }]],
    code: "INVALID_OPTIONS",
    details: { where: "NodeRuntime.create", issues: [{ path: "limits.x", message: "bad" }] },
    message: "NodeRuntime.create: 1 invalid option\n  - limits.x: bad",
  },
  {
    Class: RuntimeDisposedError,
    args: ["run()"],
    code: "RUNTIME_DISPOSED",
    details: { operation: "run()" },
    message: "run(): the runtime has been disposed",
  },
  {
    Class: SandboxUnavailableError,
    args: ["isolated-vm did not load", { cause }],
    code: "SANDBOX_UNAVAILABLE",
    details: { nodeVersion: process.versions.node },
    message: "isolated-vm did not load",
  },
  {
    Class: UpstreamError,
    args: ["OpenAI Responses", "the stream ended early", { cause }],
    code: "UPSTREAM_ERROR",
    details: { upstream: "OpenAI Responses" },
    message: "the stream ended early",
  },
] as const;

/**
 * A second copy of the classes, as a duplicate install of the package would have: the same
 * registered brands, different class objects.
 */
async function duplicateCopy(): Promise<typeof import("./errors.ts")> {
  vi.resetModules();
  return await import("./errors.ts");
}

type ErrorClass = new (...args: never[]) => IsobindError;

describe.each(cases)("$Class.name", ({ Class, args, code, details, message }) => {
  const make = (C: ErrorClass = Class) => Reflect.construct(C, args) as IsobindError;

  it("has its class name, code, message and typed details", () => {
    const error = make();
    expect(error.name).toBe(Class.name);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.details).toEqual(details);
    expect(error).toBeInstanceOf(Error);
    expect(ERROR_CODES.find((c) => c.code === code)?.kind).toBe("host");
  });

  it("is recognised by its own isInstance and the family's, not by another class's", () => {
    const error = make();
    expect(Class.isInstance(error)).toBe(true);
    expect(IsobindError.isInstance(error)).toBe(true);
    for (const other of cases) {
      if (other.Class !== Class) expect(other.Class.isInstance(error)).toBe(false);
    }
  });

  it("is recognised by a duplicate copy of the class with the same brand", async () => {
    const copy = await duplicateCopy();
    const CopyClass = copy[Class.name as keyof typeof copy] as typeof Class;
    expect(CopyClass).not.toBe(Class);
    const error = make();
    expect(error).not.toBeInstanceOf(CopyClass);
    expect(CopyClass.isInstance(error)).toBe(true);
    expect(copy.IsobindError.isInstance(error)).toBe(true);
    // And the other way round: this copy recognises an error made by the duplicate.
    const fromCopy = make(CopyClass as ErrorClass);
    expect(fromCopy).not.toBeInstanceOf(Class);
    expect(Class.isInstance(fromCopy)).toBe(true);
    for (const other of cases) {
      if (other.Class !== Class) expect(other.Class.isInstance(fromCopy)).toBe(false);
    }
  });
});

describe("IsobindError", () => {
  it("keeps the cause", () => {
    expect(new SandboxUnavailableError("x", { cause }).cause).toBe(cause);
    expect(new RuntimeDisposedError("run()").cause).toBeUndefined();
  });

  it.each([null, undefined, "INVALID_OPTIONS", { code: "INVALID_OPTIONS" }, new Error("plain")])(
    "does not recognise %j",
    (value) => {
      expect(IsobindError.isInstance(value)).toBe(false);
      for (const { Class } of cases) expect(Class.isInstance(value)).toBe(false);
    },
  );
});

describe("ERROR_CODES", () => {
  it("is frozen, unique, and gives every run code an exit code", () => {
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    expect(Object.isFrozen(ERROR_CODES[0])).toBe(true);
    const codes = ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ERROR_CODES) {
      expect(c.code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(c.meaning.length).toBeGreaterThan(10);
      if (c.kind === "run") expect([1, 75, 124, 130, 137]).toContain(c.exitCode);
      else expect(c.exitCode).toBeUndefined();
    }
  });

  it("derives the runtime's exit codes from the table", () => {
    expect(RUN_EXIT_CODES).toMatchObject({ TIMEOUT: 124, ABORTED: 130, MEMORY_LIMIT: 137 });
    expect(Object.keys(RUN_EXIT_CODES).sort()).toEqual(
      ERROR_CODES.filter((c) => c.kind === "run")
        .map((c) => c.code)
        .sort(),
    );
  });
});
