/**
 * Where the docs site finds the repository's files. Resolved from this file, not from the
 * working directory, so `astro dev`, `astro build`, the built server and the tests agree.
 * @module
 */
import { fileURLToPath } from "node:url";

/** Walks up from `apps/docs/src/lib` (source) or `apps/docs/dist/server/chunks` (bundle). */
function findRepoRoot(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const marker = `${["", "apps", "docs", ""].join("/")}`;
  const index = here.lastIndexOf(marker);
  if (index === -1) {
    throw new Error(`isobind docs: cannot find the repository root from ${here}`);
  }
  return here.slice(0, index);
}

/** Absolute path of the repository root (no trailing slash). */
export const repoRoot: string = findRepoRoot();

/** Absolute path of `apps/docs`. */
export const docsRoot: string = `${repoRoot}/apps/docs`;

/** Resolves a path relative to the repository root. */
export function fromRepo(relative: string): string {
  return `${repoRoot}/${relative.replace(/^\/+/, "")}`;
}
