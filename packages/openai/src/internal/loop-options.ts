import type { OptionIssue } from "@isobind/core";

/** Checks the options both loops share. */
export function loopOptionIssues(
  options: { maxSteps?: unknown; stream?: unknown } | undefined,
): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const maxSteps = options?.maxSteps;
  if (maxSteps !== undefined && !(Number.isSafeInteger(maxSteps) && (maxSteps as number) >= 1)) {
    issues.push({
      path: "maxSteps",
      message: `must be an integer of at least 1, got ${String(maxSteps)}`,
    });
  }
  if (options?.stream !== undefined && typeof options.stream !== "boolean") {
    issues.push({ path: "stream", message: `must be a boolean, got ${typeof options.stream}` });
  }
  return issues;
}
