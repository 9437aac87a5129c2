/**
 * Host-misuse errors. Everything the guest causes comes back in the run result instead; these
 * are thrown (or rejected) only when the host calls the API wrongly.
 * @module
 */

const BRAND = Symbol.for("isobind.error");

/** Codes of host-misuse errors. */
export type IsobindErrorCode =
  | "INVALID_OPTIONS"
  | "RUNTIME_DISPOSED"
  | "SANDBOX_UNAVAILABLE"
  | "INVALID_CONTINUATION"
  | "CONTINUATION_CONSUMED";

/**
 * Base class of every error `@isobind/core` throws. Recognise one with
 * {@link IsobindError.isInstance}, which works across duplicate copies of the package.
 */
export class IsobindError extends Error {
  /** Stable machine-readable code. */
  readonly code: IsobindErrorCode;

  constructor(code: IsobindErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "IsobindError";
    this.code = code;
    // A registered symbol, so a copy of this class from another install recognises it too.
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for an `IsobindError` from any copy of `@isobind/core`. */
  static isInstance(value: unknown): value is IsobindError {
    return typeof value === "object" && value !== null && BRAND in value;
  }
}

/** One problem found while validating options. */
export interface OptionIssue {
  /** Where the problem is, as a dotted path (`bindings.get-weather.inputSchema`). */
  path: string;
  /** What is wrong there. */
  message: string;
}

/**
 * Options failed validation. `issues` lists every problem found, not just the first; the
 * message lists them too, one per line.
 */
export class InvalidOptionsError extends IsobindError {
  /** Every problem found. */
  readonly issues: readonly OptionIssue[];

  constructor(where: string, issues: readonly OptionIssue[]) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n");
    super(
      "INVALID_OPTIONS",
      `${where}: ${issues.length} invalid option${issues.length === 1 ? "" : "s"}\n${lines}`,
    );
    this.name = "InvalidOptionsError";
    this.issues = issues;
  }
}

/** The runtime was used after `dispose()`. */
export class RuntimeDisposedError extends IsobindError {
  constructor(operation: string) {
    super("RUNTIME_DISPOSED", `${operation}: the runtime has been disposed`);
    this.name = "RuntimeDisposedError";
  }
}

/** The sandbox could not be started at all (for example isolated-vm failed to load). */
export class SandboxUnavailableError extends IsobindError {
  constructor(message: string, options?: ErrorOptions) {
    super("SANDBOX_UNAVAILABLE", message, options);
    this.name = "SandboxUnavailableError";
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
export class InvalidContinuationError extends IsobindError {
  /** The check that failed. */
  readonly check: ContinuationCheck;

  constructor(check: ContinuationCheck, message: string) {
    super("INVALID_CONTINUATION", `resume: the continuation failed the ${check} check: ${message}`);
    this.name = "InvalidContinuationError";
    this.check = check;
  }
}

/** `resume()` was given a continuation that was already resumed once; nothing ran. */
export class ContinuationConsumedError extends IsobindError {
  /** The continuation's id. */
  readonly continuationId: string;

  constructor(continuationId: string) {
    super(
      "CONTINUATION_CONSUMED",
      `resume: continuation ${continuationId} was already resumed; each continuation resumes once (resume the continuation of its result instead)`,
    );
    this.name = "ContinuationConsumedError";
    this.continuationId = continuationId;
  }
}
