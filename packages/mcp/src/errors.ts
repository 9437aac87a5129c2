/**
 * Errors of `@isobind/mcp`. They extend `@isobind/core`'s `IsobindError`, so
 * `IsobindError.isInstance(err)` recognises them across duplicate package copies.
 * @module
 */

import { IsobindError, type OptionIssue } from "@isobind/core";
import { hasErrorBrand } from "@isobind/core/internal";

/** {@link McpConfigError.details}. */
export interface McpConfigErrorDetails {
  /** The configuration file, when the configuration came from one. */
  file: string | undefined;
  /** Every problem found, each with a dotted path into the configuration. */
  issues: readonly OptionIssue[];
}

/**
 * The `mcpServers` configuration is unusable: the file is missing or unreadable, is not JSON,
 * or has the wrong shape. `issues` lists every problem found, each with where it is; the
 * message lists them too, one per line.
 */
export class McpConfigError extends IsobindError<McpConfigErrorDetails> {
  /** The configuration file, when the configuration came from one. */
  readonly file: string | undefined;
  /** Every problem found, each with a dotted path into the configuration. */
  readonly issues: readonly OptionIssue[];

  constructor(file: string | undefined, issues: readonly OptionIssue[]) {
    const where = file === undefined ? "MCP servers config" : `MCP servers config ${file}`;
    const lines = issues.map((i) =>
      i.path === "" ? `  - ${i.message}` : `  - ${i.path}: ${i.message}`,
    );
    super("McpConfigError", {
      code: "INVALID_OPTIONS",
      message: `${where}: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n${lines.join("\n")}`,
      details: { file, issues },
    });
    this.file = file;
    this.issues = issues;
  }

  /** True for an `McpConfigError` from any copy of `@isobind/mcp`. */
  static override isInstance(value: unknown): value is McpConfigError {
    return hasErrorBrand(value, "McpConfigError");
  }
}
