/**
 * Entry point of the sandbox child process. It owns the isolates; the parent owns bindings,
 * permissions and results. If V8 loses control of an isolate (some out-of-memory paths do),
 * this process kills itself and the parent's supervisor reports the runs and starts a new one.
 *
 * One child serves many runtimes of its host (a shared pool): each runtime's binding set
 * arrives once ("bindings"), runs name theirs by key.
 */
import { Executor } from "./executor.ts";
import type { FromChild, ToChild } from "./protocol.ts";

/** How often the child checks that its parent is still alive. */
const PARENT_CHECK_MS = 1000;

let executor: Executor | undefined;
const parentPid = process.ppid;

function send(message: FromChild): void {
  if (process.connected) process.send?.(message);
}

process.on("message", (message: ToChild) => {
  switch (message.t) {
    case "configure":
      executor = new Executor({
        paths: [],
        poolSize: message.poolSize,
        poolMemoryLimitMb: message.poolMemoryLimitMb,
        onCatastrophicError: (text) => {
          // The isolate's memory is stranded and process.exit() can hang here: die at once.
          process.stderr.write(`isobind sandbox: catastrophic V8 error: ${text}\n`);
          process.kill(process.pid, "SIGKILL");
        },
      });
      send({ t: "ready" });
      return;
    case "bindings":
      executor?.defineBindings(message.key, message.paths);
      return;
    case "forget":
      executor?.forgetBindings(message.key);
      return;
    case "ping":
      send({ t: "pong", n: message.n });
      return;
    case "start": {
      const { runId } = message.req;
      if (!executor) return;
      // Acknowledge before any guest code runs: a run the parent never saw acknowledged did
      // not execute here, so if this process dies the parent can safely retry it elsewhere.
      send({ t: "started", runId });
      executor
        .start(message.req, {
          call: (callId, name, input, replayed) =>
            send({ t: "call", runId, callId, name, input, replayed }),
          output: (stream, text) => send({ t: "out", runId, stream, text }),
        })
        .then((outcome) => send({ t: "done", runId, outcome }));
      return;
    }
    case "settle":
      executor?.settle(message.runId, message.callId, message.ok, message.payload);
      return;
    case "abort":
      executor?.abort(message.runId, message.code, message.message);
      return;
    case "pause":
      executor?.pause(message.runId);
      return;
  }
});

function exitNow(): never {
  executor?.close();
  process.exit(0);
}

// The parent went away: nothing left to serve.
process.on("disconnect", exitNow);
// A parent killed with SIGKILL may leave the channel open a moment (or a grandchild holding
// it): re-parenting shows it too. Unref'd: the IPC channel is what keeps this process alive.
setInterval(() => {
  if (process.ppid !== parentPid) exitNow();
}, PARENT_CHECK_MS).unref();
