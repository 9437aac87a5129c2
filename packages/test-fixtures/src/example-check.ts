/**
 * What the examples' `check.ts` scripts share: run the example's program in a child process
 * and compare what it prints with the text the docs show, naming the first line that differs.
 * @module
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where `received` first differs from `expected`, line by line (`at line 3:` and both lines),
 * or `undefined` when they are equal. Output that only goes on past the expected text is
 * reported at its first extra line.
 */
export function firstDifference(received: string, expected: string): string | undefined {
  if (received === expected) return undefined;
  const got = received.split("\n");
  const want = expected.split("\n");
  let line = 0;
  while (line < want.length && got[line] === want[line]) line += 1;
  return `at line ${line + 1}:\n  expected: ${JSON.stringify(want[line])}\n  received: ${JSON.stringify(got[line])}`;
}

/** Options of {@link checkExample}. */
export interface ExampleCheck {
  /** Node arguments before the program (`--conditions=@isobind/source`). @defaultValue [] */
  node?: string[];
  /** The program, beside the check script. @defaultValue "main.ts" */
  program?: string;
  /** Its environment. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the program is killed. @defaultValue no limit */
  timeoutMs?: number;
  /** What the output must equal, beside the check script. @defaultValue "expected.txt" */
  expected?: string;
  /** How a difference names the expected text. @defaultValue "expected.txt" */
  expectedName?: string;
  /** The last line printed when the output matches. @defaultValue "✓ output matches expected.txt" */
  success?: string;
}

/**
 * Runs an example's program (relative to `base`, the check script's `import.meta.url`), echoes
 * what it prints, and exits with code 1 when it fails or prints anything but the expected text:
 * CI fails the moment an example drifts from what the docs show.
 */
export function checkExample(base: string, options: ExampleCheck = {}): void {
  const here = (file: string) => fileURLToPath(new URL(file, base));
  const program = options.program ?? "main.ts";
  const run = spawnSync(process.execPath, [...(options.node ?? []), here(`./${program}`)], {
    encoding: "utf8",
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  const expected = readFileSync(here(`./${options.expected ?? "expected.txt"}`), "utf8");

  process.stdout.write(run.stdout);
  if (run.stderr) process.stderr.write(run.stderr);
  if (run.status !== 0) {
    console.error(`\n✗ ${program} exited with ${run.status ?? run.signal}`);
    process.exit(1);
  }
  const difference = firstDifference(run.stdout, expected);
  if (difference !== undefined) {
    console.error(
      `\n✗ output differs from ${options.expectedName ?? "expected.txt"} ${difference}`,
    );
    process.exit(1);
  }
  console.log(`\n${options.success ?? "✓ output matches expected.txt"}`);
}
