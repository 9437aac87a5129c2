/**
 * Errors thrown to the host. Everything the guest causes comes back in the run result instead;
 * these are thrown (or rejected) only when the host calls the API wrongly or a service an
 * adapter depends on fails. Codes: see `error-codes.ts`.
 *
 * Every class carries two registered-symbol brands: the family brand (`isobind.error`) and its
 * own (`isobind.error.<ClassName>`). `isInstance` checks the class's own brand, so it tells the
 * classes apart, and still works across duplicate installs of the package, where `instanceof`
 * fails because each copy has its own class objects.
 * @module
 */

import type { IsobindErrorCode } from "./error-codes.ts";

const FAMILY = Symbol.for("isobind.error");

/** The registered symbol that brands instances of the error class named `name`. */
function brandOf(name: string): symbol {
  return Symbol.for(`isobind.error.${name}`);
}

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && brand in value;
}

/**
 * True when `value` carries the brand of the isobind error class named `className`: what a
 * subclass's `isInstance` checks. For error classes of the adapters (`@isobind/core/internal`).
 */
export function hasErrorBrand(value: unknown, className: string): boolean {
  return hasBrand(value, brandOf(className));
}

/** What every {@link IsobindError} constructor takes. */
export interface IsobindErrorInit<D> {
  /** Stable machine-readable code. */
  code: IsobindErrorCode;
  /** Human-readable message. */
  message: string;
  /** Structured facts about the failure, typed per class. */
  details: D;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error the isobind packages throw. Recognise one with
 * {@link IsobindError.isInstance}, which works across duplicate copies of the package; each
 * subclass has its own `isInstance` that recognises that class only.
 * @typeParam D - The type of {@link IsobindError.details}.
 */
export class IsobindError<D = unknown> extends Error {
  /** Stable machine-readable code. */
  readonly code: IsobindErrorCode;
  /** Structured facts about the failure, typed per class. */
  readonly details: D;

  /**
   * @param name - The class name: becomes `error.name` and selects the class brand
   *   (`Symbol.for("isobind.error.<name>")`). Subclasses pass their own name.
   */
  constructor(name: string, init: IsobindErrorInit<D>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = name;
    this.code = init.code;
    this.details = init.details;
    // Registered symbols, so a copy of these classes from another install recognises them too.
    Object.defineProperty(this, FAMILY, { value: true });
    Object.defineProperty(this, brandOf(name), { value: true });
  }

  /** True for an error of any isobind error class, from any copy of the packages. */
  static isInstance(value: unknown): value is IsobindError {
    return hasBrand(value, FAMILY);
  }
}

/** One problem found while validating options. */
export interface OptionIssue {
  /** Where the problem is, as a dotted path (`bindings.get-weather.inputSchema`). */
  path: string;
  /** What is wrong there. */
  message: string;
}

/** {@link InvalidOptionsError.details}. */
export interface InvalidOptionsDetails {
  /** The function or configuration that was called wrongly (`"NodeRuntime.create"`). */
  where: string;
  /** Every problem found. */
  issues: readonly OptionIssue[];
}

/**
 * Options failed validation. `issues` lists every problem found, not just the first; the
 * message lists them too, one per line.
 */
export class InvalidOptionsError extends IsobindError<InvalidOptionsDetails> {
  /** Every problem found (the same list as `details.issues`). */
  readonly issues: readonly OptionIssue[];

  constructor(where: string, issues: readonly OptionIssue[]) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n");
    super("InvalidOptionsError", {
      code: "INVALID_OPTIONS",
      message: `${where}: ${issues.length} invalid option${issues.length === 1 ? "" : "s"}\n${lines}`,
      details: { where, issues },
    });
    this.issues = issues;
  }

  /** True for an `InvalidOptionsError` from any copy of `@isobind/core`. */
  static override isInstance(value: unknown): value is InvalidOptionsError {
    return hasBrand(value, brandOf("InvalidOptionsError"));
  }
}

/** {@link RuntimeDisposedError.details}. */
export interface RuntimeDisposedDetails {
  /** The operation attempted after `dispose()` (`"run()"`). */
  operation: string;
}

/** The runtime was used after `dispose()`. */
export class RuntimeDisposedError extends IsobindError<RuntimeDisposedDetails> {
  constructor(operation: string) {
    super("RuntimeDisposedError", {
      code: "RUNTIME_DISPOSED",
      message: `${operation}: the runtime has been disposed`,
      details: { operation },
    });
  }

  /** True for a `RuntimeDisposedError` from any copy of `@isobind/core`. */
  static override isInstance(value: unknown): value is RuntimeDisposedError {
    return hasBrand(value, brandOf("RuntimeDisposedError"));
  }
}

/** {@link SandboxUnavailableError.details}. */
export interface SandboxUnavailableDetails {
  /** The Node.js version the host runs on, since the usual cause is a version isolated-vm lacks. */
  nodeVersion: string;
}

/** The sandbox could not be started at all (for example isolated-vm failed to load). */
export class SandboxUnavailableError extends IsobindError<SandboxUnavailableDetails> {
  constructor(message: string, options?: ErrorOptions) {
    super("SandboxUnavailableError", {
      code: "SANDBOX_UNAVAILABLE",
      message,
      details: { nodeVersion: process.versions.node },
      cause: options?.cause,
    });
  }

  /** True for a `SandboxUnavailableError` from any copy of `@isobind/core`. */
  static override isInstance(value: unknown): value is SandboxUnavailableError {
    return hasBrand(value, brandOf("SandboxUnavailableError"));
  }
}

/** {@link UpstreamError.details}. */
export interface UpstreamErrorDetails {
  /** What failed, for logs: `"OpenAI Chat Completions"`, `"MCP server github"`. */
  upstream: string;
}

/**
 * A service an adapter talks to failed or answered something unusable: the model API returned
 * a response without choices, a stream ended early, an upstream MCP server went away.
 */
export class UpstreamError extends IsobindError<UpstreamErrorDetails> {
  constructor(upstream: string, message: string, options?: ErrorOptions) {
    super("UpstreamError", {
      code: "UPSTREAM_ERROR",
      message,
      details: { upstream },
      cause: options?.cause,
    });
  }

  /** True for an `UpstreamError` from any copy of the isobind packages. */
  static override isInstance(value: unknown): value is UpstreamError {
    return hasBrand(value, brandOf("UpstreamError"));
  }
}

/**
 * Which check refused a continuation, in the order they run: `format` (not a continuation at
 * all), `version` (made by another format version), `size` (over `maxContinuationBytes`),
 * `secret` (made with another secret, or by another process without one), `signature`
 * (changed after it was made), `expiry` (older than `continuationTtlMs`), `bindings` (the
 * runtime's binding names or schemas changed since).
 */
export type ContinuationCheck =
  | "format"
  | "version"
  | "size"
  | "secret"
  | "signature"
  | "expiry"
  | "bindings";

/** `resume()` refused the continuation; nothing ran. `check` says which check failed. */
/** {@link InvalidContinuationError.details}. */
export interface InvalidContinuationDetails {
  /** The check that failed. */
  check: ContinuationCheck;
}

/** `resume()` refused the continuation; nothing ran. `check` says which check failed. */
export class InvalidContinuationError extends IsobindError<InvalidContinuationDetails> {
  /** The check that failed (also `details.check`). */
  readonly check: ContinuationCheck;

  constructor(check: ContinuationCheck, message: string) {
    super("InvalidContinuationError", {
      code: "INVALID_CONTINUATION",
      message: `resume: the continuation failed the ${check} check: ${message}`,
      details: { check },
    });
    this.check = check;
  }

  /** True for an `InvalidContinuationError` from any copy of `@isobind/core`. */
  static override isInstance(value: unknown): value is InvalidContinuationError {
    return hasErrorBrand(value, "InvalidContinuationError");
  }
}

/** {@link ContinuationConsumedError.details}. */
export interface ContinuationConsumedDetails {
  /** The continuation's id. */
  continuationId: string;
}

/** `resume()` was given a continuation that was already resumed once; nothing ran. */
export class ContinuationConsumedError extends IsobindError<ContinuationConsumedDetails> {
  /** The continuation's id (also `details.continuationId`). */
  readonly continuationId: string;

  constructor(continuationId: string) {
    super("ContinuationConsumedError", {
      code: "CONTINUATION_CONSUMED",
      message: `resume: continuation ${continuationId} was already resumed; each continuation resumes once (resume the continuation of its result instead)`,
      details: { continuationId },
    });
    this.continuationId = continuationId;
  }

  /** True for a `ContinuationConsumedError` from any copy of `@isobind/core`. */
  static override isInstance(value: unknown): value is ContinuationConsumedError {
    return hasErrorBrand(value, "ContinuationConsumedError");
  }
}
