/**
 * The host side of binding calls: schemas compiled once with ajv, then per call: input size,
 * JSON parse, validation, permission, handler, output checks. Every failure becomes a binding
 * error code and a message fit for the model; host stacks and paths never cross.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import type { OptionIssue } from "../errors.ts";
import type { BindingDefinition, BindingErrorCode, JsonSchema } from "../types.ts";

type AjvLike = Ajv | Ajv2019 | Ajv2020;
type FormatsPlugin = (ajv: AjvLike) => AjvLike;
const addFormats: FormatsPlugin =
  (formatsModule as unknown as { default?: FormatsPlugin }).default ??
  (formatsModule as unknown as FormatsPlugin);

/** A compiled binding. */
export interface CompiledBinding {
  name: string;
  definition: BindingDefinition<never, unknown>;
  validateInput: ValidateFunction;
  validateOutput?: ValidateFunction;
}

/** A binding call's failure, as the guest will see it. */
export class BindingFailure extends Error {
  readonly code: BindingErrorCode;
  constructor(code: BindingErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Picks the ajv dialect from `$schema`, so draft-07 and 2020-12 schemas both compile. One
 * compiler serves every runtime in the process: creating an ajv instance with its formats costs
 * milliseconds, and a compiled validator is a pure function, so equal schemas share one.
 */
class SchemaCompiler {
  private readonly instances = new Map<string, AjvLike>();
  private readonly cache = new Map<string, { validate: ValidateFunction; warnings: string[] }>();
  /** Where ajv's warnings go while one schema compiles (ajv's own logger is the console). */
  private sink: string[] | undefined;
  private readonly logger = {
    log: (): void => {},
    warn: (...args: unknown[]): void => this.note(args),
    error: (...args: unknown[]): void => this.note(args),
  };
  private static readonly MAX_CACHED = 5000;

  private instance(schema: JsonSchema): AjvLike {
    const dialect =
      typeof schema === "object" && typeof schema.$schema === "string" ? schema.$schema : "";
    const key = /2020-12/.test(dialect) ? "2020" : /2019-09/.test(dialect) ? "2019" : "07";
    let ajv = this.instances.get(key);
    if (!ajv) {
      const options = {
        allErrors: true,
        strict: false,
        validateFormats: true,
        logger: this.logger,
      } as const;
      ajv =
        key === "2020"
          ? new Ajv2020(options)
          : key === "2019"
            ? new Ajv2019(options)
            : new Ajv(options);
      addFormats(ajv);
      this.instances.set(key, ajv);
    }
    return ajv;
  }

  /** ajv repeats a warning for each code path it generates; keep one. */
  private note(args: unknown[]): void {
    const message = args.map(String).join(" ");
    if (this.sink !== undefined && !this.sink.includes(message)) this.sink.push(message);
  }

  /** Compiles `schema`; ajv's warnings about it (unknown formats…) go to `warn`, cached or not. */
  compile(schema: JsonSchema, warn: (message: string) => void): ValidateFunction {
    // `$id`s would clash when equal schemas are registered twice; compile without the root one.
    let plain = schema;
    if (typeof schema === "object" && schema !== null && "$id" in schema) {
      const { $id: _id, ...rest } = schema;
      plain = rest;
    }
    const key = JSON.stringify(plain);
    const cached = this.cache.get(key);
    if (cached) {
      for (const message of cached.warnings) warn(message);
      return cached.validate;
    }
    const own: string[] = [];
    this.sink = own;
    let validate: ValidateFunction;
    try {
      validate = this.instance(schema).compile(plain);
    } finally {
      this.sink = undefined;
    }
    for (const message of own) warn(message);
    if (this.cache.size >= SchemaCompiler.MAX_CACHED) this.cache.clear();
    this.cache.set(key, { validate, warnings: own });
    return validate;
  }
}

const sharedCompiler = new SchemaCompiler();

/**
 * Compiles every binding's schemas and reports every failure at once. ajv's warnings (such as
 * `unknown format "json" ignored`, common in real MCP schemas) go to `diagnostics`, not to the
 * host's console.
 */
export function compileBindings(
  bindings: Record<string, BindingDefinition<never, unknown>>,
  issues: OptionIssue[],
  diagnostics: OptionIssue[] = [],
): Map<string, CompiledBinding> {
  const compiler = sharedCompiler;
  const table = new Map<string, CompiledBinding>();
  const warnings =
    (path: string) =>
    (message: string): void => {
      diagnostics.push({ path, message });
    };
  for (const [name, def] of Object.entries(bindings)) {
    const at = `bindings.${name}`;
    if (typeof def !== "object" || def === null) {
      issues.push({
        path: at,
        message: "must be an object with description, inputSchema and handler",
      });
      continue;
    }
    if (typeof def.description !== "string") {
      issues.push({ path: `${at}.description`, message: "must be a string" });
    }
    if (typeof def.handler !== "function") {
      issues.push({ path: `${at}.handler`, message: "must be a function" });
    }
    let validateInput: ValidateFunction | undefined;
    let validateOutput: ValidateFunction | undefined;
    if (!isSchema(def.inputSchema)) {
      issues.push({ path: `${at}.inputSchema`, message: "must be a JSON Schema object" });
    } else {
      try {
        validateInput = compiler.compile(def.inputSchema, warnings(`${at}.inputSchema`));
      } catch (e) {
        issues.push({ path: `${at}.inputSchema`, message: `does not compile: ${errorText(e)}` });
      }
    }
    if (def.outputSchema !== undefined) {
      if (!isSchema(def.outputSchema)) {
        issues.push({ path: `${at}.outputSchema`, message: "must be a JSON Schema object" });
      } else {
        try {
          validateOutput = compiler.compile(def.outputSchema, warnings(`${at}.outputSchema`));
        } catch (e) {
          issues.push({ path: `${at}.outputSchema`, message: `does not compile: ${errorText(e)}` });
        }
      }
    }
    if (validateInput) {
      table.set(name, {
        name,
        definition: def,
        validateInput,
        ...(validateOutput ? { validateOutput } : {}),
      });
    }
  }
  return table;
}

function isSchema(value: unknown): value is JsonSchema {
  return (
    typeof value === "boolean" ||
    (typeof value === "object" && value !== null && !Array.isArray(value))
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns ajv errors into one line that names the failing fields: `city is required; units must
 * be equal to one of the allowed values (c, f)`.
 */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return "does not match the schema";
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of errors) {
    const where = e.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
      .join("");
    let text: string;
    if (e.keyword === "required") {
      const missing = String((e.params as { missingProperty?: string }).missingProperty);
      text = `${where ? `${where}.` : ""}${missing} is required`;
    } else if (e.keyword === "additionalProperties") {
      const extra = String((e.params as { additionalProperty?: string }).additionalProperty);
      text = `${where ? `${where}.` : ""}${extra} is not allowed`;
    } else if (e.keyword === "enum") {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      text = `${where || "input"} must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    } else {
      text = `${where || "input"} ${e.message ?? "is invalid"}`;
    }
    if (!seen.has(text)) {
      seen.add(text);
      parts.push(text);
    }
    if (parts.length >= 5) break;
  }
  return parts.join("; ");
}

/** Measures a JSON text in UTF-8 bytes. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
