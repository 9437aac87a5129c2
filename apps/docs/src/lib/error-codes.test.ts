import { readFileSync } from "node:fs";
import { ERROR_CODES, type ErrorCodeInfo } from "@isobind/core";
import { describe, expect, it } from "vitest";
import {
  END_MARKER,
  ERRORS_PAGE,
  errorCodeTables,
  START_MARKER,
  withTables,
} from "./error-codes.ts";
import { fromRepo } from "./paths.ts";

describe("the Error codes page", () => {
  const page = readFileSync(fromRepo(ERRORS_PAGE), "utf8");

  it("lists exactly the codes of ERROR_CODES (run `pnpm --filter @isobind/docs sync:errors`)", () => {
    expect(page).toBe(withTables(page, errorCodeTables()));
  });

  it("shows every code once, with its exit code when it is a run error", () => {
    for (const info of ERROR_CODES) {
      const rows = page.split("\n").filter((line) => line.startsWith(`| \`${info.code}\` |`));
      expect(rows, info.code).toHaveLength(1);
      if (info.kind === "run") expect(rows[0]).toContain(` | ${info.exitCode} | `);
      expect(rows[0]).toContain(info.meaning);
    }
  });
});

describe("errorCodeTables", () => {
  it("puts a new code in its kind's table", () => {
    const extra: ErrorCodeInfo = {
      code: "QUEUE_FULL" as ErrorCodeInfo["code"],
      kind: "run",
      exitCode: 1,
      meaning: "Too many runs waiting.",
    };
    const tables = errorCodeTables([...ERROR_CODES, extra]);
    expect(tables).toContain("| `QUEUE_FULL` | 1 | Too many runs waiting. |");
    expect(tables).not.toBe(errorCodeTables());
  });

  it("refuses a page without its markers", () => {
    expect(() => withTables("# no markers", "x")).toThrow(START_MARKER);
    expect(withTables(`a\n${START_MARKER}\nold\n${END_MARKER}\nb`, "new")).toBe(
      `a\n${START_MARKER}\n\nnew\n\n${END_MARKER}\nb`,
    );
  });
});
