/**
 * Entry point of the sandbox child process. It owns the isolates; the parent owns bindings,
 * permissions and results. If V8 loses control of an isolate (some out-of-memory paths do),
 * this process kills itself and the parent's supervisor reports the runs and starts a new one.
 */
import { Executor } from "./executor.ts";
import type { FromChild, ToChild } from "./protocol.ts";

let executor: Executor | undefined;

function send(message: FromChild): void {
  if (process.connected) process.send?.(message);
}

process.on("message", (message: ToChild) => {
  switch (message.t) {
    case "configure":
      executor = new Executor({
        paths: message.paths,
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
    case "start": {
      const { runId } = message.req;
      if (!executor) return;
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

// The parent went away: nothing left to serve.
process.on("disconnect", () => {
  executor?.close();
  process.exit(0);
});
