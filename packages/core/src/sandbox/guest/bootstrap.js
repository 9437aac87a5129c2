// @ts-check
/*
 * The JavaScript that runs inside every sandbox before the guest's code. It evaluates to a
 * factory that the host applies once per isolate with the one host function the guest ever
 * gets (`send`, an isolated-vm `Callback` in fire-and-forget mode) and returns `{ start,
 * dispatch }`, which only the host holds references to.
 *
 * Everything the guest sees (`callBinding`, `tools`, `console`, `__return`, timers) is built
 * here from primordials captured before any guest code runs, so a guest that overwrites
 * `JSON.stringify` or `Map.prototype.get` confuses only itself. Every limit that protects the
 * host from floods (binding calls, timers, output, result size) is enforced here first, before
 * anything crosses, and again on the host.
 *
 * Invariants (what the host relies on; break one and the sandbox boundary or a limit breaks):
 * 1. Nothing the guest can reach holds `send`, `start`, `dispatch` or any isolated-vm handle.
 * 2. The bootstrap calls no built-in through a property the guest can replace after it ran:
 *    every one it needs is captured below, before guest code exists, and called via `call()`.
 * 3. Every message to the host is bounded here first (calls, timers, output, result size) and
 *    re-checked on the host; the host never trusts a count or size the guest reports.
 * 4. One sandbox serves one run; its state below is never reset for a second run.
 *
 * Messages to the host, `send(kind, a, b, c)`:
 *   call  callId name inputJson     a binding call
 *   out   stream text               console output (bounded)
 *   timer id ms                     arm a timer
 *   clear id                        disarm a timer
 *   limit code message              a guest-side limit tripped; the host ends the run
 *   done  ok payload                the run finished: ok=1 → value JSON ("" = no value); ok=0 → error JSON
 *
 * Entries from the host, `dispatch(kind, …)`: "settle" (callId, ok, payload)…, "timer" id, and
 * "snapshot" (returns the clock journal of a run that can pause; see the replay section).
 */
(function (send, configJson) {
  "use strict";
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const ObjectFreeze = Object.freeze;
  const ObjectDefineProperty = Object.defineProperty;
  const ObjectKeys = Object.keys;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const ObjectToString = Object.prototype.toString;
  const ObjectHasOwn = Object.hasOwn;
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ProxyCtor = Proxy;
  const PromiseCtor = Promise;
  const PromiseThen = Promise.prototype.then;
  const MapCtor = Map;
  const MapGet = Map.prototype.get;
  const MapSet = Map.prototype.set;
  const MapDelete = Map.prototype.delete;
  const MapHas = Map.prototype.has;
  const MapSize = /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(Map.prototype, "size")
  ).get;
  const MapEntries = Map.prototype.entries;
  const SetValues = Set.prototype.values;
  const SetSize = /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(Set.prototype, "size")
  ).get;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const StringCtor = String;
  const StringSlice = String.prototype.slice;
  const StringCharCodeAt = String.prototype.charCodeAt;
  const StringSplit = String.prototype.split;
  const StringIndexOf = String.prototype.indexOf;
  const StringReplace = String.prototype.replace;
  const ArrayIsArray = Array.isArray;
  const ArrayJoin = Array.prototype.join;
  const ArrayPush = Array.prototype.push;
  const NumberIsFinite = Number.isFinite;
  const NumberCtor = Number;
  const MathMin = Math.min;
  const MathFloor = Math.floor;
  const RegExpTest = RegExp.prototype.test;
  const DateToISOString = Date.prototype.toISOString;
  const SymbolToString = Symbol.prototype.toString;
  const BigIntToString = BigInt.prototype.toString;
  const Global = globalThis;

  const config = JSONparse(configJson);
  const names = new MapCtor(); // binding name -> true (registered bindings)

  function call(fn, self, args) {
    return ReflectApply(fn, self, args);
  }
  function mapGet(m, k) {
    return call(MapGet, m, [k]);
  }
  function mapSet(m, k, v) {
    call(MapSet, m, [k, v]);
  }
  function mapHas(m, k) {
    return call(MapHas, m, [k]);
  }
  function mapDelete(m, k) {
    return call(MapDelete, m, [k]);
  }
  function mapSize(m) {
    return call(MapSize, m, []);
  }

  function utf8Length(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = call(StringCharCodeAt, s, [i]);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  // Size of a string against a byte limit without walking huge strings: every UTF-16 unit is at
  // least one UTF-8 byte and at most three (a surrogate pair is four bytes for two units). Returns
  // the exact size when it had to count, else a bound, and whether the bound is exact.
  function sizeAgainst(s, max) {
    if (s.length > max) return { bytes: s.length, over: true, exact: false };
    if (s.length * 3 <= max) return { bytes: s.length, over: false, exact: false };
    const n = utf8Length(s);
    return { bytes: n, over: n > max, exact: true };
  }
  function sizeText(size) {
    return (size.exact ? "" : "at least ") + size.bytes + " bytes";
  }

  // ---- per-run state (a sandbox serves exactly one run) -------------------------------------
  let limits = null;
  let started = false;
  let finished = false;
  let bodyDone = false;
  let hasReturn = false;
  let returnValue;
  let bodyError = null;
  let bodyFailed = false;
  let nextCallId = 1;
  let callsMade = 0;
  let inFlight = 0; // calls sent to the host and not yet settled
  let waiting = []; // calls held back by maxConcurrentBindingCalls
  let waitingHead = 0;
  const calls = new MapCtor(); // callId -> { resolve, reject, error, name }
  const timers = new MapCtor(); // timerId -> { fn, args }
  let nextTimerId = 1;
  // Every setTimeout/clearTimeout is a message the host must process; pending timers are
  // bounded, but set/clear churn is not. A message flood queues on the host faster than it
  // drains (hundreds of MB per second in-process), so timers created per run are bounded too.
  const TIMERS_CREATED_PER_PENDING = 10;
  let timersCreated = 0;
  let resizableBytes = 0; // maxByteLength reserved by resizable buffers this run
  let outBytes = 0;
  let droppedBytes = 0;
  let flushes = 0;
  const pendingOut = { stdout: "", stderr: "" };
  let pendingOutBytes = 0;
  const FLUSH_EVERY_LINE = 2000; // first N console calls cross one by one (live events)
  const FLUSH_CHUNK = 16384; // then in chunks, so floods cost few crossings

  function flushStream(stream) {
    const text = pendingOut[stream];
    if (text.length > 0) {
      pendingOut[stream] = "";
      send("out", stream, text);
    }
  }
  function flush() {
    flushStream("stdout");
    flushStream("stderr");
    pendingOutBytes = 0;
  }

  function write(stream, text) {
    if (finished) return;
    const bytes = utf8Length(text);
    if (outBytes + bytes > limits.maxOutputBytes) {
      const room = limits.maxOutputBytes - outBytes;
      if (room > 0) {
        // keep what fits (by characters; close enough for the cut line) and count the rest
        const part = call(StringSlice, text, [0, room]);
        const partBytes = utf8Length(part);
        outBytes += partBytes;
        droppedBytes += bytes - partBytes;
        pendingOut[stream] += part;
      } else {
        droppedBytes += bytes;
      }
      flush();
      return;
    }
    outBytes += bytes;
    pendingOut[stream] += text;
    pendingOutBytes += bytes;
    if (flushes < FLUSH_EVERY_LINE || pendingOutBytes >= FLUSH_CHUNK) {
      flushes++;
      flush();
    }
  }

  // ---- console ----------------------------------------------------------------------------
  function quote(s) {
    return "'" + call(StringReplace, call(StringReplace, s, [/\\/g, "\\\\"]), [/'/g, "\\'"]) + "'";
  }
  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  function keyText(k) {
    return call(RegExpTest, IDENT, [k]) ? k : quote(k);
  }

  function inspect(value, depth, seen) {
    const t = typeof value;
    if (value === null) return "null";
    if (t === "undefined") return "undefined";
    if (t === "string") return depth === 0 ? value : quote(value);
    if (t === "number") return value === 0 && 1 / value < 0 ? "-0" : StringCtor(value);
    if (t === "boolean") return value ? "true" : "false";
    if (t === "bigint") return call(BigIntToString, value, []) + "n";
    if (t === "symbol") return call(SymbolToString, value, []);
    if (t === "function") {
      let name = "";
      try {
        name = value.name;
      } catch {
        name = "";
      }
      return name ? "[Function: " + name + "]" : "[Function (anonymous)]";
    }
    try {
      if (seen.indexOf(value) !== -1) return "[Circular]";
      if (value instanceof ErrorCtor) {
        const stack = value.stack;
        return typeof stack === "string" ? cleanStack(stack) : StringCtor(value);
      }
      const tag = call(ObjectToString, value, []);
      if (tag === "[object Date]") {
        try {
          return call(DateToISOString, value, []);
        } catch {
          return "Invalid Date";
        }
      }
      if (tag === "[object RegExp]") return StringCtor(value);
      if (depth > 2) return ArrayIsArray(value) ? "[Array]" : "[Object]";
      seen = seen.concat([value]);
      const parts = [];
      if (tag === "[object Map]") {
        const it = call(MapEntries, value, []);
        for (let step = it.next(); !step.done; step = it.next()) {
          if (parts.length >= 100) {
            call(ArrayPush, parts, ["..."]);
            break;
          }
          call(ArrayPush, parts, [
            inspect(step.value[0], depth + 1, seen) +
              " => " +
              inspect(step.value[1], depth + 1, seen),
          ]);
        }
        return (
          "Map(" +
          call(MapSize, value, []) +
          ") {" +
          (parts.length ? " " + call(ArrayJoin, parts, [", "]) + " " : "") +
          "}"
        );
      }
      if (tag === "[object Set]") {
        const it = call(SetValues, value, []);
        for (let step = it.next(); !step.done; step = it.next()) {
          if (parts.length >= 100) {
            call(ArrayPush, parts, ["..."]);
            break;
          }
          call(ArrayPush, parts, [inspect(step.value, depth + 1, seen)]);
        }
        return (
          "Set(" +
          call(SetSize, value, []) +
          ") {" +
          (parts.length ? " " + call(ArrayJoin, parts, [", "]) + " " : "") +
          "}"
        );
      }
      if (ArrayIsArray(value)) {
        const n = value.length;
        for (let i = 0; i < n && i < 100; i++)
          call(ArrayPush, parts, [inspect(value[i], depth + 1, seen)]);
        if (n > 100) call(ArrayPush, parts, ["... " + (n - 100) + " more items"]);
        return parts.length ? "[ " + call(ArrayJoin, parts, [", "]) + " ]" : "[]";
      }
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length && i < 100; i++) {
        const k = keys[i];
        call(ArrayPush, parts, [keyText(k) + ": " + inspect(value[k], depth + 1, seen)]);
      }
      if (keys.length > 100)
        call(ArrayPush, parts, ["... " + (keys.length - 100) + " more properties"]);
      const proto = ObjectGetPrototypeOf(value);
      let prefix = "";
      if (proto === null) prefix = "[Object: null prototype] ";
      else if (proto !== ObjectPrototype) {
        try {
          const c = proto.constructor;
          if (c && typeof c.name === "string" && c.name) prefix = c.name + " ";
        } catch {}
      }
      return prefix + (parts.length ? "{ " + call(ArrayJoin, parts, [", "]) + " }" : "{}");
    } catch {
      return "[uninspectable]";
    }
  }

  function format(args) {
    const parts = [];
    for (let i = 0; i < args.length; i++) call(ArrayPush, parts, [inspect(args[i], 0, [])]);
    return call(ArrayJoin, parts, [" "]) + "\n";
  }

  const consoleObject = {};
  function defineConsole(name, stream) {
    consoleObject[name] = function () {
      write(stream, format(arguments));
    };
  }
  defineConsole("log", "stdout");
  defineConsole("info", "stdout");
  defineConsole("debug", "stdout");
  defineConsole("trace", "stderr");
  defineConsole("warn", "stderr");
  defineConsole("error", "stderr");
  consoleObject.dir = function (v) {
    write("stdout", inspect(v, 1, []) + "\n");
  };
  consoleObject.table = function (v) {
    write("stdout", inspect(v, 1, []) + "\n");
  };

  // ---- errors -------------------------------------------------------------------------------
  // Only frames of the submitted code (file "code.js") are kept: the bootstrap's own frames and
  // isolated-vm's boundary markers say nothing useful to the model.
  function cleanStack(stack) {
    const lines = call(StringSplit, stack, ["\n"]);
    const kept = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const isFrame = call(RegExpTest, /^\s+at /, [line]);
      if (!isFrame || call(StringIndexOf, line, ["code.js:"]) !== -1) call(ArrayPush, kept, [line]);
    }
    return call(ArrayJoin, kept, ["\n"]);
  }

  function describeError(e) {
    let name = "Error",
      message = "",
      stack,
      code,
      binding;
    try {
      if (e instanceof ErrorCtor || (e !== null && typeof e === "object")) {
        try {
          name = StringCtor(e.name);
        } catch {}
        try {
          message = StringCtor(e.message);
        } catch {}
        try {
          if (typeof e.stack === "string") stack = cleanStack(e.stack);
        } catch {}
        try {
          if (typeof e.code === "string") code = e.code;
        } catch {}
        try {
          if (typeof e.binding === "string") binding = e.binding;
        } catch {}
        if (!(e instanceof ErrorCtor)) {
          name = "Uncaught";
          message = inspect(e, 0, []);
          stack = undefined;
        }
      } else {
        name = "Uncaught";
        message = inspect(e, 0, []);
      }
    } catch {
      message = "(error could not be described)";
    }
    return {
      name: name,
      message: call(StringSlice, message, [0, 4000]),
      stack: stack === undefined ? undefined : call(StringSlice, stack, [0, 8000]),
      code: code,
      binding: binding,
    };
  }

  // ---- finishing ----------------------------------------------------------------------------
  function finish() {
    if (finished) return;
    if (!bodyDone || mapSize(calls) > 0 || mapSize(timers) > 0) return;
    if (bodyFailed) {
      const info = describeError(bodyError);
      info.kind = "GUEST_ERROR";
      end(0, JSONstringify(info));
      return;
    }
    if (!hasReturn || returnValue === undefined) {
      end(1, "");
      return;
    }
    let json;
    try {
      json = JSONstringify(returnValue);
    } catch (e) {
      const d = describeError(e);
      end(
        0,
        JSONstringify({
          kind: "RESULT_NOT_SERIALIZABLE",
          name: "TypeError",
          message: "the returned value is not JSON-serializable: " + d.message,
        }),
      );
      return;
    }
    if (typeof json !== "string") {
      end(
        0,
        JSONstringify({
          kind: "RESULT_NOT_SERIALIZABLE",
          name: "TypeError",
          message:
            "the returned value is not JSON-serializable (a " +
            typeof returnValue +
            " has no JSON form)",
        }),
      );
      return;
    }
    const size = sizeAgainst(json, limits.maxResultBytes);
    if (size.over) {
      end(
        0,
        JSONstringify({
          kind: "RESULT_TOO_LARGE",
          name: "RangeError",
          message:
            "the returned value is " +
            sizeText(size) +
            " as JSON, over the limit of " +
            limits.maxResultBytes +
            " bytes (limits.maxResultBytes)",
        }),
      );
      return;
    }
    end(1, json);
  }

  function end(ok, payload) {
    finished = true;
    flush();
    send("done", ok, payload, droppedBytes);
  }

  function stopWith(code, message) {
    if (finished) return;
    finished = true;
    flush();
    send("limit", code, message, droppedBytes);
  }

  // ---- binding calls ------------------------------------------------------------------------
  function bindingError(code, name, message, site) {
    const err = site || new ErrorCtor();
    err.message = code + ": " + name + ": " + message;
    ObjectDefineProperty(err, "code", {
      value: code,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    ObjectDefineProperty(err, "binding", {
      value: name,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    // The stack was captured at the call site with an empty message; put the real one in front.
    try {
      const stack = err.stack;
      if (typeof stack === "string") {
        const nl = call(StringIndexOf, stack, ["\n"]);
        err.stack = "Error: " + err.message + (nl === -1 ? "" : call(StringSlice, stack, [nl]));
      }
    } catch {}
    return err;
  }

  function callBinding(name, input) {
    const site = new ErrorCtor();
    return new PromiseCtor(function (resolve, reject) {
      if (finished) {
        reject(bindingError("HANDLER_ERROR", StringCtor(name), "the run has ended", site));
        return;
      }
      if (typeof name !== "string") {
        reject(
          bindingError("UNKNOWN_BINDING", StringCtor(name), "binding names are strings", site),
        );
        return;
      }
      if (!mapHas(names, name) && !(name.length > 1 && name[0] === "$")) {
        reject(
          bindingError("UNKNOWN_BINDING", name, "no binding has this name" + suggest(name), site),
        );
        return;
      }
      callsMade++;
      if (callsMade > limits.maxBindingCalls) {
        stopWith(
          "BINDING_CALL_LIMIT",
          "the run made more than " +
            limits.maxBindingCalls +
            " binding calls (limits.maxBindingCalls); call " +
            callsMade +
            " was " +
            name,
        );
        reject(bindingError("HANDLER_ERROR", name, "binding call limit reached", site));
        return;
      }
      let json;
      try {
        // A call without input sends {}: tool inputs are objects, and tools.listAll() reads well.
        json = input === undefined ? "{}" : JSONstringify(input);
      } catch (e) {
        reject(
          bindingError(
            "INVALID_INPUT",
            name,
            "input is not JSON-serializable: " + describeError(e).message,
            site,
          ),
        );
        return;
      }
      if (typeof json !== "string") {
        reject(
          bindingError(
            "INVALID_INPUT",
            name,
            "input is not JSON-serializable (a " + typeof input + ")",
            site,
          ),
        );
        return;
      }
      const size = sizeAgainst(json, limits.maxBindingInputBytes);
      if (size.over) {
        reject(
          bindingError(
            "INVALID_INPUT",
            name,
            "input is " +
              sizeText(size) +
              " as JSON, over the limit of " +
              limits.maxBindingInputBytes +
              " bytes (limits.maxBindingInputBytes)",
            site,
          ),
        );
        return;
      }
      const id = nextCallId++;
      mapSet(calls, id, { resolve: resolve, reject: reject, site: site, name: name });
      // Calls past the concurrency limit wait here, in the guest's own memory-limited heap, not
      // on the host: a flood of large inputs to a slow binding then costs the host nothing.
      if (inFlight < limits.maxConcurrentBindingCalls) {
        inFlight++;
        flush();
        send("call", id, name, json);
      } else {
        call(ArrayPush, waiting, [{ id: id, name: name, json: json }]);
      }
    });
  }

  function sendWaiting() {
    while (
      waitingHead < waiting.length &&
      inFlight < limits.maxConcurrentBindingCalls &&
      !finished
    ) {
      const next = waiting[waitingHead];
      waiting[waitingHead] = undefined;
      waitingHead++;
      inFlight++;
      flush();
      send("call", next.id, next.name, next.json);
    }
    if (waitingHead === waiting.length) {
      waiting = [];
      waitingHead = 0;
    }
  }

  // A close binding name for a typo: same letters ignoring case, or at most two edits away.
  function distance(a, b) {
    if (a === b) return 0;
    if (Math.abs(a.length - b.length) > 2) return 3;
    let prev = [];
    for (let j = 0; j <= b.length; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = MathMin(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function suggest(name) {
    const all = ObjectKeys(jsNames);
    const lower = name.toLowerCase();
    let best = null,
      bestScore = 3;
    for (let i = 0; i < all.length; i++) {
      const path = all[i];
      const score = MathMin(
        distance(lower, path.toLowerCase()),
        distance(lower, jsNames[path].toLowerCase()),
      );
      if (score < bestScore) {
        best = path;
        bestScore = score;
      }
    }
    return best === null ? "" : " (did you mean tools." + best + "?)";
  }

  function settleCall(id, ok, payload) {
    const pending = mapGet(calls, id);
    if (pending === undefined) return;
    mapDelete(calls, id);
    inFlight--;
    sendWaiting();
    if (ok === 1) {
      pending.resolve(payload === "" ? undefined : JSONparse(payload));
    } else {
      const e = JSONparse(payload);
      pending.reject(bindingError(e.code, pending.name, e.message, pending.site));
    }
    finish();
  }

  // ---- tools proxy: one name map, shared with the declarations --------------------------------
  const jsNames = {}; // "getWeather" / "github.createIssue" -> binding name
  function makeNamespace(prefix) {
    const target = {};
    return {
      target: target,
      proxy: new ProxyCtor(target, {
        get(t, key) {
          if (typeof key !== "string") return undefined;
          if (ObjectHasOwn(t, key)) return t[key];
          if (key === "then" || key === "toJSON" || key === "constructor" || key in ObjectPrototype)
            return undefined;
          if (key[0] === "$")
            return function (input) {
              return callBinding(key, input);
            };
          const path = prefix + key;
          return function () {
            return PromiseCtor.reject(
              bindingError(
                "UNKNOWN_BINDING",
                "tools." + path,
                "no binding is declared at this path" + suggest(path),
                new ErrorCtor(),
              ),
            );
          };
        },
        set() {
          return false;
        },
        defineProperty() {
          return false;
        },
        deleteProperty() {
          return false;
        },
        setPrototypeOf() {
          return false;
        },
      }),
    };
  }
  const root = makeNamespace("");
  const namespaces = new MapCtor();
  mapSet(namespaces, "", root);
  for (let i = 0; i < config.paths.length; i++) {
    const name = config.paths[i][0];
    const path = config.paths[i][1];
    mapSet(names, name, true);
    jsNames[call(ArrayJoin, path, ["."])] = name;
    let ns = root;
    for (let j = 0; j < path.length - 1; j++) {
      const key = call(ArrayJoin, path.slice(0, j + 1), ["."]);
      let child = mapGet(namespaces, key);
      if (child === undefined) {
        child = makeNamespace(key + ".");
        mapSet(namespaces, key, child);
        ns.target[path[j]] = child.proxy;
      }
      ns = child;
    }
    const fnName = path[path.length - 1];
    ns.target[fnName] = function (input) {
      return callBinding(name, input);
    };
  }
  namespaces.forEach(function (ns) {
    ObjectFreeze(ns.target);
  });

  // ---- timers -----------------------------------------------------------------------------
  function setTimeoutImpl(fn, ms) {
    if (typeof fn !== "function")
      throw new TypeErrorCtor("setTimeout: the callback must be a function");
    if (finished) return 0;
    if (mapSize(timers) >= limits.maxPendingTimers) {
      throw new RangeErrorCtor(
        "setTimeout: more than " +
          limits.maxPendingTimers +
          " timers pending (limits.maxPendingTimers)",
      );
    }
    if (timersCreated >= limits.maxPendingTimers * TIMERS_CREATED_PER_PENDING) {
      throw new RangeErrorCtor(
        "setTimeout: more than " +
          limits.maxPendingTimers * TIMERS_CREATED_PER_PENDING +
          " timers created in this run (" +
          TIMERS_CREATED_PER_PENDING +
          " x limits.maxPendingTimers)",
      );
    }
    timersCreated++;
    let delay = +ms;
    if (!NumberIsFinite(delay) || delay < 0) delay = 0;
    delay = MathMin(MathFloor(delay), 2147483647);
    const args = [];
    for (let i = 2; i < arguments.length; i++) call(ArrayPush, args, [arguments[i]]);
    const id = nextTimerId++;
    mapSet(timers, id, { fn: fn, args: args });
    send("timer", id, delay);
    return id;
  }
  function clearTimeoutImpl(id) {
    if (typeof id === "number" && mapHas(timers, id)) {
      mapDelete(timers, id);
      send("clear", id);
      finish();
    }
  }
  function fireTimer(id) {
    const timer = mapGet(timers, id);
    if (timer === undefined) return;
    mapDelete(timers, id);
    try {
      call(timer.fn, undefined, timer.args);
    } catch (e) {
      if (!bodyFailed) {
        bodyFailed = true;
        bodyError = e;
      }
      bodyDone = true;
    }
    finish();
  }

  // ---- memory the isolate's limit does not count ----------------------------------------------
  // isolated-vm's memoryLimit caps the V8 heap and the ArrayBuffer allocator. WebAssembly
  // memories and resizable/growable buffers are reserved and committed outside both, so a guest
  // could commit gigabytes with them (in-process: in the host). WebAssembly is removed; resizable
  // buffers may reserve, in total per run, no more than the memory limit.
  delete Global.WebAssembly;
  function guardResizable(Original, label) {
    const Guarded = function (length) {
      if (new.target === undefined)
        throw new TypeErrorCtor("Constructor " + label + " requires 'new'");
      const options = arguments.length > 1 ? arguments[1] : undefined;
      let max;
      if (options !== null && (typeof options === "object" || typeof options === "function"))
        max = options.maxByteLength;
      if (max === undefined) return ReflectConstruct(Original, [length], new.target);
      // Read once and pass a fresh options object: a getter cannot answer differently later.
      max = NumberCtor(max);
      const budget = (limits === null ? 0 : limits.memoryLimitMb * 1048576) - resizableBytes;
      if (!(max <= budget)) {
        throw new RangeErrorCtor(
          label +
            ": maxByteLength " +
            max +
            " is over what is left of the sandbox's memory limit for resizable buffers (" +
            budget +
            " bytes; limits.memoryLimitMb)",
        );
      }
      const buffer = ReflectConstruct(Original, [length, { maxByteLength: max }], new.target);
      resizableBytes += max;
      return buffer;
    };
    ObjectDefineProperty(Guarded, "name", { value: label, configurable: true });
    ObjectDefineProperty(Guarded, "length", { value: 1, configurable: true });
    ObjectDefineProperty(Guarded, "prototype", {
      value: Original.prototype,
      writable: false,
      enumerable: false,
      configurable: false,
    });
    const statics = Reflect.ownKeys(Original);
    for (let i = 0; i < statics.length; i++) {
      const key = statics[i];
      if (key === "prototype" || key === "name" || key === "length") continue;
      ObjectDefineProperty(
        Guarded,
        key,
        /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Original, key)),
      );
    }
    ObjectDefineProperty(Original.prototype, "constructor", {
      value: Guarded,
      writable: true,
      enumerable: false,
      configurable: true,
    });
    ObjectDefineProperty(Global, label, {
      value: Guarded,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
  guardResizable(ArrayBuffer, "ArrayBuffer");
  guardResizable(SharedArrayBuffer, "SharedArrayBuffer");

  // ---- globals --------------------------------------------------------------------------------
  function defineGlobal(name, value) {
    ObjectDefineProperty(Global, name, {
      value: value,
      writable: false,
      enumerable: false,
      configurable: false,
    });
  }
  function returnImpl(value) {
    hasReturn = true;
    returnValue = value;
  }
  defineGlobal("callBinding", callBinding);
  defineGlobal("tools", root.proxy);
  defineGlobal("__return", returnImpl);
  defineGlobal("console", ObjectFreeze(consoleObject));
  defineGlobal("setTimeout", setTimeoutImpl);
  defineGlobal("clearTimeout", clearTimeoutImpl);
  defineGlobal("queueMicrotask", function (fn) {
    if (typeof fn !== "function")
      throw new TypeErrorCtor("queueMicrotask: the callback must be a function");
    call(PromiseThen, PromiseCtor.resolve(), [
      function () {
        fn();
      },
    ]);
  });

  // ---- replay: clocks and randomness ----------------------------------------------------------
  // A run that may pause for approval is replayed from the start on resume, so everything the
  // guest can observe must come out the same: Math.random is a PRNG seeded by the host (the seed
  // travels in the continuation), and every clock read (Date.now, new Date(), Date(),
  // performance.now) is journalled. On replay the journal answers reads in order; past its end
  // reads are live again (performance.now shifted so it never goes backwards). The host takes
  // the journal at the pause with dispatch("snapshot"). Runs that cannot pause skip all of this.
  const DateCtor = Date;
  const DateNow = Date.now;
  const DateToString = Date.prototype.toString;
  const MathRandom = Math.random;
  const MAX_CLOCK_READS = 65536; // per clock; a pause past this is refused (bounded memory)
  /** @type {null | {s: number[], date: number[], perf: number[], replayDate: number[], replayPerf: number[], di: number, pi: number, perfShift: number, shifted: boolean, overflow: boolean}} */
  let det = null;
  function liveDate() {
    return call(DateNow, DateCtor, []);
  }
  function readDate() {
    if (det === null) return liveDate();
    const v = det.di < det.replayDate.length ? det.replayDate[det.di++] : liveDate();
    if (det.date.length < MAX_CLOCK_READS) call(ArrayPush, det.date, [v]);
    else det.overflow = true;
    return v;
  }
  function readPerf() {
    const live = liveDate() - perfOrigin;
    if (det === null) return live;
    let v;
    if (det.pi < det.replayPerf.length) v = det.replayPerf[det.pi++];
    else {
      if (!det.shifted) {
        det.shifted = true;
        const n = det.replayPerf.length;
        const last = n > 0 ? det.replayPerf[n - 1] : 0;
        det.perfShift = last > live ? last - live : 0;
      }
      v = live + det.perfShift;
    }
    if (det.perf.length < MAX_CLOCK_READS) call(ArrayPush, det.perf, [v]);
    else det.overflow = true;
    return v;
  }
  let perfOrigin = liveDate();
  // sfc32: small, fast, and good enough for Math.random (which promises no cryptography either).
  function nextRandom() {
    if (det === null) return call(MathRandom, Math, []);
    const s = det.s;
    const t = (((s[0] + s[1]) | 0) + s[3]) | 0;
    s[3] = (s[3] + 1) | 0;
    s[0] = s[1] ^ (s[1] >>> 9);
    s[1] = (s[2] + (s[2] << 3)) | 0;
    s[2] = (s[2] << 21) | (s[2] >>> 11);
    s[2] = (s[2] + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  function GuestDate() {
    if (new.target === undefined)
      return call(DateToString, ReflectConstruct(DateCtor, [readDate()]), []);
    if (arguments.length === 0) return ReflectConstruct(DateCtor, [readDate()], new.target);
    return ReflectConstruct(DateCtor, arguments, new.target);
  }
  ObjectDefineProperty(GuestDate, "name", { value: "Date", configurable: true });
  ObjectDefineProperty(GuestDate, "length", { value: 7, configurable: true });
  ObjectDefineProperty(GuestDate, "prototype", { value: DateCtor.prototype, writable: false });
  ObjectDefineProperty(GuestDate, "UTC", {
    value: DateCtor.UTC,
    writable: true,
    configurable: true,
  });
  ObjectDefineProperty(GuestDate, "parse", {
    value: DateCtor.parse,
    writable: true,
    configurable: true,
  });
  ObjectDefineProperty(GuestDate, "now", {
    value: function now() {
      return readDate();
    },
    writable: true,
    configurable: true,
  });
  ObjectDefineProperty(DateCtor.prototype, "constructor", {
    value: GuestDate,
    writable: true,
    configurable: true,
  });
  ObjectDefineProperty(Global, "Date", { value: GuestDate, writable: true, configurable: true });
  ObjectDefineProperty(Math, "random", {
    value: function random() {
      return nextRandom();
    },
    writable: true,
    configurable: true,
  });
  ObjectDefineProperty(Global, "performance", {
    value: ObjectFreeze({
      now: function now() {
        return readPerf();
      },
    }),
    writable: true,
    configurable: true,
  });
  /** @param {string} json `""` (this run cannot pause) or `{seed, date, perf}` */
  function beginDeterminism(json) {
    perfOrigin = liveDate();
    if (typeof json !== "string" || json === "") return;
    const d = JSONparse(json);
    det = {
      s: [d.seed[0] | 0, d.seed[1] | 0, d.seed[2] | 0, d.seed[3] | 0],
      date: [],
      perf: [],
      replayDate: d.date,
      replayPerf: d.perf,
      di: 0,
      pi: 0,
      perfShift: 0,
      shifted: false,
      overflow: false,
    };
  }
  function snapshot() {
    if (det === null) return "";
    return JSONstringify({ date: det.date, perf: det.perf, overflow: det.overflow });
  }
  // ---- end of replay: clocks and randomness ---------------------------------------------------

  // ---- entry points held only by the host ---------------------------------------------------
  function start(main, limitsJson, determinismJson) {
    if (started) return;
    started = true;
    limits = JSONparse(limitsJson);
    beginDeterminism(determinismJson);
    let result;
    try {
      result = main();
    } catch (e) {
      bodyFailed = true;
      bodyError = e;
      bodyDone = true;
      finish();
      return;
    }
    call(PromiseThen, result, [
      function (v) {
        if (v !== undefined && !hasReturn) {
          hasReturn = true;
          returnValue = v;
        }
        bodyDone = true;
        finish();
      },
      function (e) {
        bodyFailed = true;
        bodyError = e;
        bodyDone = true;
        finish();
      },
    ]);
  }

  // "settle" carries one or more (callId, ok, payload) triples.
  function dispatch(kind, a) {
    if (kind === "settle") {
      for (let i = 1; i + 2 < arguments.length; i += 3)
        settleCall(arguments[i], arguments[i + 1], arguments[i + 2]);
    } else if (kind === "timer") fireTimer(a);
    else if (kind === "snapshot") return snapshot();
  }

  return { start: start, dispatch: dispatch };
});
