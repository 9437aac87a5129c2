/**
 * Turns what a model sends to the code tool into code the runtime can run, or into a clear
 * message about what to send instead. Models wrap code in Markdown fences, send a module with
 * `export default async () => {…}`, or a bare async arrow; all of these are normalised. Shell
 * commands and Python are refused before anything runs, with a message saying to write
 * JavaScript. Line numbers are kept: every rewrite happens within the lines it touches.
 * @module
 */

import type { GuestLanguage } from "../types.ts";

/** The outcome of {@link normalizeCode}. */
export type NormalizedCode =
  | {
      ok: true;
      /** The code to run. Line N of it is line N of what the model sent. */
      code: string;
      /** `"typescript"` when the code came in a ```ts fence, otherwise the language asked for. */
      language: GuestLanguage;
      /** What was changed, for logs (`"markdown fence"`, `"export default"`, `"function called"`). */
      rewrites: string[];
    }
  | {
      ok: false;
      /** Why the input cannot run and what to send instead, written for the model. */
      message: string;
      /** `"input"` for malformed tool input, `"language"` for code in another language. */
      reason: "input" | "language";
    };

const JS_HINT =
  "Send JavaScript: the body of an async function that calls the declared `tools.*` functions with await and returns the result, e.g. `const r = await tools.someTool({ … }); return r;`.";

/**
 * Extracts and normalises the code of one code-tool call. `input` is the tool arguments: an
 * object `{ code }`, or the raw JSON text of those arguments (a non-JSON string is taken as the
 * code itself). Never throws.
 */
export function normalizeCode(
  input: unknown,
  language: GuestLanguage = "javascript",
): NormalizedCode {
  let args = input;
  if (typeof args === "string") {
    const parsed = parseJsonObject(args);
    args = parsed === undefined ? { code: args } : parsed;
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    return inputError(`the tool input must be an object { code: string }, got ${describe(args)}.`);
  }
  const code = (args as { code?: unknown }).code;
  if (code === undefined) {
    const keys = Object.keys(args);
    return inputError(
      `the tool input has no "code" field${keys.length > 0 ? ` (it has ${keys.map((k) => JSON.stringify(k)).join(", ")})` : ""}; send { code: string }.`,
    );
  }
  if (typeof code !== "string") {
    return inputError(
      `"code" must be a string of ${languageName(language)}, got ${describe(code)}.`,
    );
  }
  if (code.trim() === "") return inputError(`"code" is empty. ${JS_HINT}`);

  const rewrites: string[] = [];
  let lang = language;
  let text = code;

  const fence = unfence(text);
  if (fence !== undefined) {
    const wrong = fenceLanguage(fence.tag);
    if (wrong !== undefined) return languageError(wrong, lang);
    if (fence.tag === "ts" || fence.tag === "typescript" || fence.tag === "tsx")
      lang = "typescript";
    text = fence.code;
    rewrites.push("markdown fence");
  }

  const wrong = detectOtherLanguage(text);
  if (wrong !== undefined) return languageError(wrong, lang);

  const exported = text.replace(/^(\s*)export\s+default\s+/, "$1");
  if (exported !== text) {
    text = exported;
    rewrites.push("export default");
  }
  if (looksLikeFunctionExpression(text) && (lang === "typescript" || isSingleExpression(text))) {
    // `return await (` goes on the first line and `)()` after the last: line numbers stay put.
    text = `return await (${text.replace(/;\s*$/, "")}\n)();`;
    rewrites.push("function called");
  }
  return { ok: true, code: text, language: lang, rewrites };
}

function inputError(message: string): NormalizedCode {
  return { ok: false, reason: "input", message: `Invalid input: ${message}` };
}

function languageError(
  what: "Python" | "a shell command",
  language: GuestLanguage,
): NormalizedCode {
  const name = languageName(language);
  return {
    ok: false,
    reason: "language",
    message:
      what === "Python"
        ? `This looks like Python, but this tool runs ${name}. Nothing was run. ${JS_HINT}`
        : `This looks like a shell command, but this tool runs ${name}: there is no shell, filesystem or process here, only the declared \`tools.*\` functions. Nothing was run. ${JS_HINT}`,
  };
}

function languageName(language: GuestLanguage): string {
  return language === "typescript" ? "TypeScript" : "JavaScript";
}

function parseJsonObject(text: string): object | undefined {
  const t = text.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(t);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * A whole-text Markdown fence: its tag and the code inside, with the fence lines blanked rather
 * than removed so that line numbers match what was sent.
 */
function unfence(text: string): { tag: string; code: string } | undefined {
  const match = /^(\s*)(```+|~~~+)[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*\s*$/.exec(text);
  if (match === null) return undefined;
  const [, lead = "", , tag = "", body = ""] = match;
  return { tag: tag.toLowerCase(), code: `${lead}\n${body}` };
}

function fenceLanguage(tag: string): "Python" | "a shell command" | undefined {
  if (/^(py|python\d?|ipython)$/.test(tag)) return "Python";
  if (/^(sh|bash|zsh|shell|console|shellsession|fish|powershell|ps1|cmd|bat)$/.test(tag)) {
    return "a shell command";
  }
  return undefined;
}

const SHELL_COMMANDS =
  "ls|cd|cat|echo|grep|curl|wget|pip|pip3|npm|npx|pnpm|yarn|git|mkdir|rm|cp|mv|touch|python|python3|node|sudo|apt|apt-get|brew|chmod|chown|find|head|tail|sed|awk|pwd|whoami|docker|kubectl";

/** Strong, specific signs of Python or a shell session; plain JavaScript never shows them. */
function detectOtherLanguage(text: string): "Python" | "a shell command" | undefined {
  const lines = text.split("\n").map((l) => l.trimEnd());
  const first = lines.find((l) => l.trim() !== "")?.trim() ?? "";
  if (/^#!.*\b(python\d?)\b/.test(first)) return "Python";
  if (first.startsWith("#!")) return "a shell command";
  if (lines.some((l) => /^\s*\$ +[a-z]/.test(l))) return "a shell command";
  const shellLine = new RegExp(`^(${SHELL_COMMANDS})(\\s+[^\\s=(.:;[][^;{}]*)?$`);
  if (shellLine.test(first)) return "a shell command";

  const declaresPrint = /\b(function|const|let|var)\s+print\b/.test(text);
  for (const line of lines) {
    if (/^\s*def\s+\w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*$/.test(line)) return "Python";
    if (/^\s*import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*\s*$/.test(line)) return "Python";
    if (/^\s*from\s+[\w.]+\s+import\s+[\w*]/.test(line)) return "Python";
    if (
      /^\s*(elif\s.*|else|try|except(\s.*)?|finally|with\s.*|for\s+\w+\s+in\s.*|while\s[^({]*):\s*$/.test(
        line,
      )
    ) {
      return "Python";
    }
    if (/^\s*if\s+__name__\s*==/.test(line)) return "Python";
    if (!declaresPrint && /^\s*print\s*\(/.test(line)) return "Python";
  }
  return undefined;
}

/** `async () => …`, `async function …`, `(x) => …`, `function …` at the very start. */
function looksLikeFunctionExpression(text: string): boolean {
  return /^\s*(async\s+)?(function\b|\([^)]*\)\s*(:[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)/.test(text);
}

/**
 * True when the whole text is one expression (so a function expression is all there is, and
 * calling it is what the model meant). Only compiles, never runs: `new Function` parses the body.
 */
function isSingleExpression(text: string): boolean {
  try {
    new Function(`return (\n${text.replace(/;\s*$/, "")}\n);`);
    return true;
  } catch {
    return false;
  }
}
