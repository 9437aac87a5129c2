/**
 * isolated-vm 7 ships native binaries for Node 24 and 26 only. On an older Node the failure
 * surfaces deep inside node-gyp-build ("No native build was found … abi=115"); say plainly what
 * is wrong instead. (`engines` in package.json only makes npm print a warning.)
 */
export const MIN_NODE_MAJOR = 24;

/** Why this Node version cannot run isobind, or `undefined` when it can. */
export function unsupportedNodeReason(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major >= MIN_NODE_MAJOR) return undefined;
  return `@isobind/core needs Node.js ${MIN_NODE_MAJOR} or later (isolated-vm 7 ships binaries for Node 24 and 26); this process runs Node ${version.replace(/^v/, "")}`;
}
