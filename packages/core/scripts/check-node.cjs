// Runs as @isobind/core's `preinstall`. npm runs every package's preinstall before any package's
// install script, so on an old Node this one clear line comes before isolated-vm's native build
// would print hundreds of lines of C++ errors. Plain ES5 CommonJS: it must parse on any Node.
"use strict";
var major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    "@isobind/core needs Node.js 24 or later; this is Node " +
      process.versions.node +
      ". Install Node 24 (https://nodejs.org) and run npm install again.",
  );
  process.exit(1);
}
