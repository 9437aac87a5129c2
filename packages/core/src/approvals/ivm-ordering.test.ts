// Replay delivers each recorded entry only after the previous one finished, and expects every
// call that entry answers to have been made by then. That holds because isolated-vm 7 drains an
// isolate's microtasks inside an entry and delivers the fire-and-forget `Callback` messages an
// entry made (synchronously or from microtasks) before that entry's `apply` promise settles.
// This test pins the assumption: an isolated-vm upgrade that changes it fails here first.
import { describe, expect, it } from "vitest";
import { loadIvm } from "../sandbox/executor.ts";

describe("isolated-vm entry ordering (what replay relies on)", () => {
  it("delivers an entry's Callback messages, microtasks included, before its apply settles", async () => {
    const ivm = loadIvm();
    const isolate = new ivm.Isolate({ memoryLimit: 16 });
    try {
      const context = isolate.createContextSync();
      const log: string[] = [];
      const send = new ivm.Callback((tag: string) => void log.push(tag), { ignored: true });
      const factory = isolate
        .compileScriptSync(
          `(function (send) {
             return function (n) {
               send("sync " + n);
               Promise.resolve().then(() => send("micro " + n)).then(() => send("micro2 " + n));
             };
           })`,
        )
        .runSync(context, { reference: true });
      const entry = factory.applySync(undefined, [send], { result: { reference: true } });
      for (let round = 0; round < 50; round++) {
        const entries = [0, 1, 2].map((i) => {
          const n = round * 3 + i;
          return entry.apply(undefined, [n]).then(() => void log.push(`done ${n}`));
        });
        await Promise.all(entries);
      }
      for (let n = 0; n < 150; n++) {
        const done = log.indexOf(`done ${n}`);
        for (const tag of ["sync", "micro", "micro2"]) {
          const at = log.indexOf(`${tag} ${n}`);
          expect(at, `${tag} ${n}`).toBeGreaterThanOrEqual(0);
          expect(at, `${tag} ${n} before done`).toBeLessThan(done);
        }
      }
    } finally {
      isolate.dispose();
    }
  });
});
