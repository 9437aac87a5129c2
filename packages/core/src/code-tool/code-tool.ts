/**
 * The code tool: one framework-neutral tool (`{ name, description, inputSchema, execute }`) that
 * every adapter turns into its own format. Its description declares the bindings in TypeScript;
 * when that declaration would cost more than {@link DEFAULT_DISCOVERY_TOKEN_BUDGET} tokens it
 * declares `tools.$search` and `tools.$describe` instead, so the description stays small whatever
 * the catalogue size.
 * @module
 */

import { TOOL_NAME_PATTERN, TOOL_NAME_RULE } from "../adapter-kit/adapter-kit.ts";
import { InvalidOptionsError, type OptionIssue } from "../errors.ts";
import { shown } from "../runtime/options.ts";
import { HOST_ERROR_NAME } from "../sandbox/protocol.ts";
import type {
  BindingInfo,
  CodeTool,
  CodeToolInputSchema,
  CodeToolOptions,
  CodeToolResult,
  CodeToolResumeOptions,
  GuestLanguage,
  ResumeOptions,
  RunOptions,
  RunResult,
} from "../types.ts";
import { declareBindingAt, generateDeclarations } from "./declarations.ts";
import { createBindingIndex, MAX_QUERY_CHARS, searchDeclarations } from "./discovery.ts";
import {
  DEFAULT_MAX_OUTPUT_CHARS,
  DEFAULT_MAX_VALUE_CHARS,
  formatRunResult,
} from "./format-result.ts";
import { cleanText } from "./json-schema-to-ts.ts";
import { type NormalizedCode, normalizeCode } from "./normalize.ts";
import { estimateTokens } from "./token-estimate.ts";

/** What the code tool needs of a runtime; `NodeRuntime` is one. */
export interface CodeToolRuntime<Ctx = unknown> {
  /** The bindings to declare. Read once, when the tool is created. */
  readonly bindings: readonly BindingInfo[];
  /** Runs guest code; resolves with the result for everything the guest does. */
  run<T = unknown>(code: string, options?: RunOptions<Ctx>): Promise<RunResult<T>>;
  /** Resumes a paused run (`NodeRuntime.resume`); without it the tool's `resume` throws. */
  resume?<T = unknown>(continuation: string, options: ResumeOptions<Ctx>): Promise<RunResult<T>>;
}

/**
 * In `"auto"` mode, declarations estimated above this many tokens switch to discovery
 * (`tools.$search` / `tools.$describe`).
 *
 * Chosen from `pnpm bench:tokens` on 182 real tools of 11 MCP servers (bench/results/tokens.md,
 * o200k_base). A real tool declares in 15 to 780 tokens (median 83, mean 110, with every
 * description and constraint), so 4,000 tokens is about 35 typical tools: the 25-tool set
 * (2,629) is declared in full, the 50-tool set (5,190) is not. Discovery costs a constant
 * description of about 200 tokens plus, per lookup, a search round (median 247 tokens) and
 * often a `$describe` round (median 129), each an extra model turn that re-sends the whole
 * conversation. With a conversation of a few thousand tokens, one or two such turns cost more
 * than a declaration of up to about 4,000 tokens, and with the full declaration the model
 * writes a working program on its first try. Past it, full mode grows with every tool while
 * discovery stays flat.
 */
export const DEFAULT_DISCOVERY_TOKEN_BUDGET = 4000;

/**
 * The tool count the old count-based switch used.
 * @deprecated The switch now measures the declaration (see {@link DEFAULT_DISCOVERY_TOKEN_BUDGET});
 * this constant is only what `discoveryThreshold` used to default to.
 */
export const DEFAULT_DISCOVERY_THRESHOLD = 40;

/** Results a `tools.$search` call returns unless the guest asks for another number. */
const DEFAULT_SEARCH_LIMIT = 5;
const MAX_SEARCH_LIMIT = 20;
/** Namespaces listed in a discovery description at most; the rest are counted. */
const MAX_LISTED_NAMESPACES = 30;

/**
 * Creates the code tool for a runtime. The description is computed once from `rt.bindings`.
 * `execute` never rejects for anything the model sent: malformed input, code in another
 * language and every guest failure come back as a result with `isError: true` and a message
 * that says what to fix.
 *
 * @example
 * ```ts
 * const tool = createCodeTool(rt);
 * const { text, isError } = await tool.execute({ code: "return await tools.getWeather({ city: 'Oslo' })" });
 * ```
 * @throws {@link InvalidOptionsError} when an option is invalid (every problem listed).
 */
export function createCodeTool<Ctx = unknown>(
  rt: CodeToolRuntime<Ctx>,
  options: CodeToolOptions = {},
): CodeTool {
  validateOptions(options);
  const name = options.name ?? "execute_code";
  const language: GuestLanguage = options.language ?? "javascript";
  const bindings = [...rt.bindings];
  const { description, discovery } = describe(bindings, language, options);
  const format = {
    maxValueChars: options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS,
    maxOutputChars: options.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS,
  };
  const helpers = discovery ? discoveryHelpers(bindings) : undefined;
  const inputSchema: CodeToolInputSchema = {
    type: "object",
    properties: {
      code: {
        type: "string",
        description: `${language === "typescript" ? "TypeScript" : "JavaScript"} to run: the body of an async function. Use await, call tools.*, and return the result.`,
      },
    },
    required: ["code"],
    additionalProperties: false,
  };

  return {
    name,
    description,
    inputSchema,
    async execute(input, executeOptions = {}): Promise<CodeToolResult> {
      const normalized = normalizeCode(input, language);
      if (!normalized.ok) {
        return {
          text: normalized.message,
          isError: true,
          result: refusedResult(normalized),
        };
      }
      const runOptions: RunOptions<Ctx> = { language: normalized.language };
      if (options.limits !== undefined) runOptions.limits = options.limits;
      if (executeOptions.signal !== undefined) runOptions.signal = executeOptions.signal;
      if (executeOptions.onEvent !== undefined) runOptions.onEvent = executeOptions.onEvent;
      if (executeOptions.approve !== undefined) runOptions.approve = executeOptions.approve;
      // The code tool is framework-neutral: the context is passed on as the adapter gave it.
      if (executeOptions.context !== undefined) runOptions.context = executeOptions.context as Ctx;
      if (helpers !== undefined) runOptions.helpers = helpers;
      const result = await rt.run(normalized.code, runOptions);
      let text: string;
      try {
        text = formatRunResult(result, format);
      } catch (e) {
        // A value can be too deep for any recursive formatter; the run's result still comes back.
        text = `The code ran (exit code ${result.exitCode}), but its result could not be formatted: ${e instanceof Error ? e.message : String(e)}`;
        return { text, isError: true, result };
      }
      return { text, isError: result.exitCode !== 0, result };
    },
    async resume(continuation: string, resumeOptions: CodeToolResumeOptions) {
      if (typeof rt.resume !== "function") {
        throw new InvalidOptionsError("codeTool.resume", [
          { path: "(runtime)", message: "the runtime given to createCodeTool has no resume()" },
        ]);
      }
      // The helpers go along: a resumed program replays its tools.$search calls too.
      const opts: ResumeOptions<Ctx> = { decisions: resumeOptions?.decisions };
      if (resumeOptions?.signal !== undefined) opts.signal = resumeOptions.signal;
      if (resumeOptions?.onEvent !== undefined) opts.onEvent = resumeOptions.onEvent;
      if (resumeOptions?.context !== undefined) opts.context = resumeOptions.context as Ctx;
      if (helpers !== undefined) opts.helpers = helpers;
      const result = await rt.resume(continuation, opts);
      return { text: formatRunResult(result, format), isError: result.exitCode !== 0, result };
    },
  };
}

/** The description for the chosen mode, and whether it is a discovery one (helpers needed). */
function describe(
  bindings: readonly BindingInfo[],
  language: GuestLanguage,
  options: CodeToolOptions,
): { description: string; discovery: boolean } {
  const mode = options.mode ?? "auto";
  if (mode === "stable") return { description: stableDescription(language), discovery: true };
  if (mode === "discovery")
    return { description: discoveryDescription(bindings, language), discovery: true };
  if (mode === "full")
    return { description: fullDescription(bindings, language), discovery: false };
  // "auto": the deprecated tool count when given, else the declaration's estimated size.
  if (options.discoveryThreshold !== undefined) {
    return bindings.length > options.discoveryThreshold
      ? { description: discoveryDescription(bindings, language), discovery: true }
      : { description: fullDescription(bindings, language), discovery: false };
  }
  const budget = options.discoveryTokenBudget ?? DEFAULT_DISCOVERY_TOKEN_BUDGET;
  // The tool descriptions appear in full in any declaration: when they alone are over budget,
  // a large catalogue need not be declared just to be measured.
  let floor = 0;
  for (const b of bindings) {
    floor += estimateTokens(cleanText(b.description));
    if (floor > budget)
      return { description: discoveryDescription(bindings, language), discovery: true };
  }
  const full = fullDescription(bindings, language);
  return estimateTokens(full) > budget
    ? { description: discoveryDescription(bindings, language), discovery: true }
    : { description: full, discovery: false };
}

function instructions(language: GuestLanguage): string {
  const lang = language === "typescript" ? "TypeScript (types are stripped)" : "JavaScript";
  // Every word here is paid on every request: say only what the model cannot guess.
  return (
    `Runs ${lang}, the body of an async function, in a sandbox. ` +
    "Await the `tools` functions declared below (Promise.all runs calls in parallel) and `return` a JSON value; console output is shown too. " +
    "A failed call throws an Error with a `code` such as INVALID_INPUT. No require, import, fetch or process."
  );
}

function fullDescription(bindings: readonly BindingInfo[], language: GuestLanguage): string {
  if (bindings.length === 0)
    return `${instructions(language)}\nNo functions are available on \`tools\`.`;
  return `${instructions(language)}\n${generateDeclarations(bindings)}`;
}

function discoveryDescription(bindings: readonly BindingInfo[], language: GuestLanguage): string {
  const groups = new Map<string, number>();
  let flat = 0;
  for (const b of bindings) {
    if (b.path.length > 1) {
      const ns = b.path[0] ?? "";
      groups.set(ns, (groups.get(ns) ?? 0) + 1);
    } else flat++;
  }
  const listed = [...groups]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LISTED_NAMESPACES)
    .map(([ns, n]) => `tools.${ns} (${n})`);
  const unlisted = groups.size - listed.length;
  const where: string[] = [];
  if (listed.length > 0)
    where.push(`namespaces ${listed.join(", ")}${unlisted > 0 ? ` and ${unlisted} more` : ""}`);
  if (flat > 0) where.push(`${flat} directly on tools`);
  return (
    `${instructions(language)}\n` +
    `There are ${bindings.length} functions (${where.join("; ")}), too many to list: find them from your code first.\n` +
    DISCOVERY_API
  );
}

/** The discovery description without anything that depends on the bindings: cacheable. */
function stableDescription(language: GuestLanguage): string {
  return `${instructions(language)}\nThe functions are not listed here: find them from your code first.\n${DISCOVERY_API}`;
}

const DISCOVERY_API =
  "declare const tools:{/** One-line outlines of the functions best matching a task, best first (5 unless limit says) */" +
  "$search(query:string|{query:string,limit?:number}):Promise<string[]>;" +
  "/** The full declaration (types, field docs, limits) of one function, by name or path */$describe(name:string):Promise<string>}\n" +
  "For example `return await tools.$search('create an issue')`, then call what the outlines show in the next run ($describe first when a field is unclear).";

function discoveryHelpers(bindings: readonly BindingInfo[]): NonNullable<RunOptions["helpers"]> {
  const index = createBindingIndex(bindings);
  return {
    $search(input: unknown): string[] {
      const { query, limit } = searchInput(input);
      return searchDeclarations(index, query, limit);
    },
    $describe(input: unknown): string {
      const name =
        typeof input === "string"
          ? input
          : typeof input === "object" &&
              input !== null &&
              typeof (input as { name?: unknown }).name === "string"
            ? (input as { name: string }).name
            : undefined;
      if (name === undefined)
        throw new Error(
          "tools.$describe takes a function name, e.g. tools.$describe('github.createIssue')",
        );
      const found = index.find(name);
      if (found !== undefined) return declareBindingAt(found);
      const near = index.search(name, 3).map((h) => h.binding.path.join("."));
      throw new Error(
        `no function ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)}${near.length > 0 ? `; closest: ${near.join(", ")}` : ""}. Use tools.$search(query) to find one.`,
      );
    },
  };
}

function searchInput(input: unknown): { query: string; limit: number } {
  let query: unknown = input;
  let limit: unknown = DEFAULT_SEARCH_LIMIT;
  if (typeof input === "object" && input !== null) {
    query = (input as { query?: unknown }).query;
    limit = (input as { limit?: unknown }).limit ?? DEFAULT_SEARCH_LIMIT;
  }
  if (typeof query !== "string" || query.trim() === "") {
    throw new Error("tools.$search takes a query string, e.g. tools.$search('send an email')");
  }
  if (query.length > MAX_QUERY_CHARS) {
    throw new Error(
      `tools.$search: the query has ${query.length} characters, at most ${MAX_QUERY_CHARS}: search with a few words`,
    );
  }
  if (typeof limit !== "number" || !Number.isFinite(limit) || limit < 1) {
    throw new Error("tools.$search: limit must be a positive number");
  }
  return { query, limit: Math.min(MAX_SEARCH_LIMIT, Math.floor(limit)) };
}

/**
 * The run result of input that was refused before running: nothing ran. Not a SYNTAX_ERROR:
 * the code was never parsed, so the code says why it was refused instead.
 */
function refusedResult(refused: Extract<NormalizedCode, { ok: false }>): RunResult {
  const { message } = refused;
  const code = refused.reason === "language" ? "UNSUPPORTED_LANGUAGE" : "INVALID_ARGUMENTS";
  return {
    status: "completed",
    exitCode: 1,
    stdout: "",
    stderr: `${message}\n`,
    value: undefined,
    error: { code, name: HOST_ERROR_NAME, message },
    stats: {
      wallMs: 0,
      cpuMs: 0,
      bindingCalls: 0,
      droppedOutputBytes: 0,
      replayedCalls: 0,
      executedCalls: 0,
    },
  };
}

const MODES: readonly string[] = ["auto", "full", "discovery", "stable"];

function validateOptions(options: CodeToolOptions): void {
  const issues: OptionIssue[] = [];
  const o = options as Record<string, unknown>;
  if (o.name !== undefined && (typeof o.name !== "string" || !TOOL_NAME_PATTERN.test(o.name))) {
    issues.push({
      path: "name",
      message: `must be ${TOOL_NAME_RULE} (what every tool-calling API accepts)`,
    });
  }
  if (o.language !== undefined && o.language !== "javascript" && o.language !== "typescript") {
    issues.push({
      path: "language",
      message: `must be "javascript" or "typescript", got ${shown(o.language)}`,
    });
  }
  if (o.mode !== undefined && !MODES.includes(o.mode as string)) {
    issues.push({
      path: "mode",
      message: `must be one of ${MODES.map((m) => JSON.stringify(m)).join(", ")}, got ${JSON.stringify(o.mode)}`,
    });
  }
  const counts: [string, unknown, number][] = [
    ["discoveryThreshold", o.discoveryThreshold, 0],
    ["discoveryTokenBudget", o.discoveryTokenBudget, 0],
    ["maxValueChars", o.maxValueChars, 1],
    ["maxOutputChars", o.maxOutputChars, 1],
  ];
  for (const [path, value, min] of counts) {
    if (value === undefined || value === Number.POSITIVE_INFINITY) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      issues.push({
        path,
        message: `must be an integer of at least ${min}, got ${shown(value)}`,
      });
    }
  }
  if (o.limits !== undefined && (typeof o.limits !== "object" || o.limits === null)) {
    issues.push({ path: "limits", message: "must be an object of run limits" });
  }
  if (issues.length > 0) throw new InvalidOptionsError("createCodeTool", issues);
}
