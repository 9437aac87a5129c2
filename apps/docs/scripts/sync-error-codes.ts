// Rewrites the generated tables of the Error codes page from ERROR_CODES of @isobind/core.
// Run with `pnpm --filter @isobind/docs sync:errors` after adding a code.
import { readFileSync, writeFileSync } from "node:fs";
import { ERRORS_PAGE, errorCodeTables, withTables } from "../src/lib/error-codes.ts";
import { fromRepo } from "../src/lib/paths.ts";

const file = fromRepo(ERRORS_PAGE);
const page = readFileSync(file, "utf8");
const next = withTables(page, errorCodeTables());
if (next === page) console.log(`${ERRORS_PAGE} is up to date`);
else {
  writeFileSync(file, next);
  console.log(`${ERRORS_PAGE} updated`);
}
