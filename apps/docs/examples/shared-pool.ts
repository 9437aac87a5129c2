// The sandbox pool: one runtime per user, all on the host's shared pool of sandbox processes.
import { NodeRuntime } from "@isobind/core";

//#region tenants
// Each user gets a runtime with bindings bound to that user: a cheap handle once the
// pool is up. The runs of every user share the pool's processes, never an isolate.
async function runtimeFor(user: string) {
  return NodeRuntime.create({
    bindings: {
      "get-profile": {
        description: "The current user's profile",
        inputSchema: { type: "object" },
        handler: () => ({ user, plan: user === "ada" ? "pro" : "free" }),
      },
    },
  });
}
const users = await Promise.all(["ada", "grace", "linus"].map(runtimeFor));
const results = await Promise.all(users.map((rt) => rt.run("return await tools.getProfile({})")));
console.log(results.map((r) => r.value));
//#endregion

//#region queue
// A pool that lets one run execute and one wait: a third run is refused at once.
const entered = Promise.withResolvers<void>();
const gate = Promise.withResolvers<string>();
const busy = await NodeRuntime.create({
  bindings: {
    wait: {
      description: "Waits until the host opens the gate",
      inputSchema: { type: "object" },
      handler: () => {
        entered.resolve();
        return gate.promise;
      },
    },
  },
  pool: { processes: 1, maxRunsPerProcess: 1, maxQueuedRuns: 1 },
});
const first = busy.run("return await tools.wait({})");
await entered.promise; // the first run is executing
const second = busy.run("return 'second'"); // waits for the process
const third = await busy.run("return 'third'"); // nothing ran: retry later
console.log(third.exitCode, third.error?.code);
gate.resolve("first");
console.log((await first).value, (await second).value);
//#endregion

//#region dedicated
// A tenant that must not share a process with anyone gets processes of its own.
const isolated = await NodeRuntime.create({ pool: { mode: "dedicated", processes: 1 } });
console.log((await isolated.run("return 6 * 7")).value);
//#endregion

await Promise.all([...users, busy, isolated].map((rt) => rt.dispose()));
