/**
 * The one name map shared by the guest dispatch table (`tools.*`) and the declarations shown to
 * the model, so the two can never disagree.
 * @module
 */

/** Binding names: 1–128 characters of letters, digits, `_`, `-` and `.`, no empty dot segments. */
export const BINDING_NAME_PATTERN: RegExp = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Longest binding name accepted. */
export const MAX_BINDING_NAME_LENGTH = 128;

/**
 * Converts one dot segment of a binding name to a JavaScript identifier: `get-weather` →
 * `getWeather`, `create_issue` → `createIssue`; a leading digit gets a `_` prefix.
 */
export function toJsIdentifier(segment: string): string {
  const parts = segment.split(/[-_]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return "_";
  let out =
    parts[0] +
    parts
      .slice(1)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join("");
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/**
 * The guest path of a binding: `github.create_issue` → `["github", "createIssue"]`, which the
 * guest calls as `tools.github.createIssue(input)`.
 */
export function toJsPath(name: string): string[] {
  return name.split(".").map(toJsIdentifier);
}

/** Why a set of binding names cannot be mapped. */
export interface NameMapIssue {
  /** The binding name the problem is about. */
  name: string;
  /** What is wrong. */
  message: string;
}

/** One binding in the name map. */
export interface NameMapEntry {
  /** The registered binding name. */
  name: string;
  /** Its path under `tools` in the guest. */
  path: readonly string[];
}

/**
 * Maps every binding name to its guest path and reports every problem at once: invalid names,
 * two names that map to the same path (`get-weather` and `get_weather`), and a path that is
 * both a function and a namespace (`github` and `github.create_issue`).
 */
export function buildNameMap(names: readonly string[]): {
  entries: NameMapEntry[];
  issues: NameMapIssue[];
} {
  const issues: NameMapIssue[] = [];
  const entries: NameMapEntry[] = [];
  const byPath = new Map<string, string>();
  for (const name of names) {
    if (name.length === 0 || name.length > MAX_BINDING_NAME_LENGTH) {
      issues.push({ name, message: `must be 1 to ${MAX_BINDING_NAME_LENGTH} characters long` });
      continue;
    }
    if (!BINDING_NAME_PATTERN.test(name)) {
      issues.push({
        name,
        message:
          "may contain only letters, digits, '_', '-' and '.', and no empty segment between dots",
      });
      continue;
    }
    const path = toJsPath(name);
    const key = path.join(".");
    const clash = byPath.get(key);
    if (clash !== undefined) {
      issues.push({ name, message: `maps to tools.${key}, which "${clash}" maps to already` });
      continue;
    }
    byPath.set(key, name);
    entries.push({ name, path });
  }
  // A path that is also a namespace prefix of another path cannot be both a function and an object.
  for (const entry of entries) {
    for (let i = 1; i < entry.path.length; i++) {
      const prefix = entry.path.slice(0, i).join(".");
      const owner = byPath.get(prefix);
      if (owner !== undefined) {
        issues.push({
          name: entry.name,
          message: `needs tools.${prefix} to be a namespace, but "${owner}" is a binding there`,
        });
      }
    }
  }
  return { entries, issues };
}
