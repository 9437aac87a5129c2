/**
 * The seed example's guest program and its expected result, read from
 * `examples/weather-calculate` so the playground's starting code and the browser test's
 * expectations can never drift from the example CI runs.
 * @module
 */
import { readExample } from "./examples.ts";

/** Path of the seed example, relative to the repository root. */
export const SEED_EXAMPLE = "examples/weather-calculate/main.ts";

/**
 * The guest code of the seed example: the body of its `llmGeneratedCode` template literal,
 * with the template escapes (`\``, `\${`, `\\`) undone, exactly as `rt.run()` receives it.
 *
 * @throws Error when the example no longer declares `const llmGeneratedCode = \`…\`;`.
 */
export function seedGuestCode(source: string = readExample(SEED_EXAMPLE)): string {
  const match = /const llmGeneratedCode = `((?:\\[\s\S]|[^`\\])*)`;/.exec(source);
  if (!match?.[1]) {
    throw new Error(`${SEED_EXAMPLE}: cannot find "const llmGeneratedCode = \`…\`;"`);
  }
  if (/(^|[^\\])\$\{/.test(match[1])) {
    throw new Error(
      `${SEED_EXAMPLE}: llmGeneratedCode interpolates host values; it must be plain text`,
    );
  }
  if (/\\[^`$\\]/.test(match[1])) {
    throw new Error(`${SEED_EXAMPLE}: llmGeneratedCode uses escapes other than \\\`, \\$ and \\\\`);
  }
  return match[1].replace(/\\([`$\\])/g, "$1").replace(/^\n/, "");
}

/** What the seed's guest prints and returns, parsed from `examples/weather-calculate/expected.txt`. */
export interface SeedExpectation {
  /** The guest's stdout, trimmed as main.ts prints it. */
  stdout: string;
  /** The structured result as `JSON.stringify(value, null, 2)`. */
  valueJson: string;
}

/**
 * Parses the expected output of the seed example (`exitCode: 0`, `stdout: …`,
 * `structured result: {…}`).
 *
 * @throws Error when the file does not have those three parts.
 */
export function seedExpectation(
  expected: string = readExample("examples/weather-calculate/expected.txt"),
): SeedExpectation {
  const match = /^exitCode: 0\nstdout: (.*)\nstructured result: ([\s\S]*?)\n?$/.exec(expected);
  if (!match?.[1] || !match[2]) {
    throw new Error("examples/weather-calculate/expected.txt: unexpected format");
  }
  return { stdout: match[1], valueJson: match[2] };
}
