/**
 * The guest programs of the weather examples and their expected results, read from
 * `examples/weather-calculate` (the original example, whose `calculate` uses host `eval`) and
 * `examples/quickstart` (the same program with a parsing `calculate`, which the playground
 * starts with), so the playground's starting code and the browser test's expectations can never
 * drift from the examples CI runs.
 * @module
 */
import { readExample } from "./examples.ts";

/** Path of the original weather example, relative to the repository root. */
export const SEED_EXAMPLE = "examples/weather-calculate/main.ts";

/** Path of the quickstart's weather program, relative to the repository root. */
export const QUICKSTART_EXAMPLE = "examples/quickstart/main.ts";

/**
 * The guest code of the seed example: the body of its `llmGeneratedCode` template literal,
 * with the template escapes (`\``, `\${`, `\\`) undone, exactly as `rt.run()` receives it.
 *
 * @throws Error when the example no longer declares `const llmGeneratedCode = \`…\`;`.
 */
export function seedGuestCode(
  source: string = readExample(SEED_EXAMPLE),
  variable = "llmGeneratedCode",
  file = SEED_EXAMPLE,
): string {
  const match = new RegExp(`const ${variable} = \`((?:\\\\[\\s\\S]|[^\`\\\\])*)\`;`).exec(source);
  if (!match?.[1]) {
    throw new Error(`${file}: cannot find "const ${variable} = \`…\`;"`);
  }
  if (/(^|[^\\])\$\{/.test(match[1])) {
    throw new Error(`${file}: ${variable} interpolates host values; it must be plain text`);
  }
  if (/\\[^`$\\]/.test(match[1])) {
    throw new Error(`${file}: ${variable} uses escapes other than \\\`, \\$ and \\\\`);
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

/** The guest code of the quickstart's weather program (`const code = \`…\`;`). */
export function quickstartGuestCode(source: string = readExample(QUICKSTART_EXAMPLE)): string {
  return seedGuestCode(source, "code", QUICKSTART_EXAMPLE);
}

/**
 * What the quickstart's guest prints and returns, parsed from
 * `examples/quickstart/expected/main.txt` (`stdout: …` and `value: <JSON>` lines).
 */
export function quickstartExpectation(
  expected: string = readExample("examples/quickstart/expected/main.txt"),
): SeedExpectation {
  const stdout = /^stdout: (.*)$/m.exec(expected)?.[1];
  const value = /^value: (.*)$/m.exec(expected)?.[1];
  if (!stdout || !value)
    throw new Error("examples/quickstart/expected/main.txt: unexpected format");
  return { stdout, valueJson: JSON.stringify(JSON.parse(value), null, 2) };
}
