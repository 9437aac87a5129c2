// @ts-check
/*
 * The JavaScript that runs inside every sandbox before the guest's code. It evaluates to a
 * factory that the host applies once per isolate with the one host function the guest ever
 * gets (`send`, an isolated-vm `Callback` in fire-and-forget mode) and returns `{ start,
 * dispatch, check }`, which only the host holds references to.
 *
 * Everything the guest sees (`callBinding`, `tools`, `console`, `__return`, timers) is built
 * here. The guest may redefine every built-in and every prototype (accessors on
 * `Object.prototype` named like our fields, index setters on `Array.prototype`, a throwing
 * `Promise.prototype.constructor`, `Symbol.species`, iterator `next` methods ...) before or while
 * this code runs, so the code below is written against a hostile realm.
 *
 * Invariants (what the host relies on; break one and the sandbox boundary or a limit breaks):
 * 1. Nothing the guest can reach holds `send`, `start`, `dispatch`, `check` or any isolated-vm
 *    handle.
 * 2. The bootstrap calls no built-in through a property the guest can replace after it ran:
 *    every one it needs is captured below (PRIMORDIALS), before guest code exists, and called
 *    via `call()`.
 * 3. The bootstrap's own state lives in null-prototype records, private lists (PRIVATE
 *    STRUCTURES) and captured Maps: no object or array literal whose later writes or missing
 *    reads reach a prototype, no `for..of`, spread or array destructuring (they run the guest's
 *    iterators), no `.then`/`.constructor` lookup on a promise the guest could have touched.
 *    Every touch of a guest value (its getters, proxies, `toJSON`, `toString`) is inside
 *    try/catch and can only change what the guest itself gets back.
 * 4. Every message to the host is bounded here first (calls, timers, output, result size) and
 *    re-checked on the host; the host never trusts a count or size the guest reports.
 * 5. One sandbox serves one run; its state below is never reset for a second run.
 * 6. No entry point (`start`, `dispatch`, `check`) throws: an exception leaving one would be
 *    indistinguishable, on the host, from an unhandled rejection of the guest.
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
 * "snapshot" (returns the clock journal of a run that can pause; see REPLAY).
 */
(function (send, configJson) {
  "use strict";
  // ==== PRIMORDIALS: captured while the realm is still pristine ===============================
  const ReflectApply = Reflect.apply;
  const ReflectConstruct = Reflect.construct;
  const ReflectOwnKeys = Reflect.ownKeys;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const ObjectFreeze = Object.freeze;
  const ObjectDefineProperty = Object.defineProperty;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectKeys = Object.keys;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectSetPrototypeOf = Object.setPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const ObjectToString = Object.prototype.toString;
  const ObjectHasOwn = Object.hasOwn;
  const ProxyCtor = Proxy;
  const PromiseCtor = Promise;
  const PromisePrototype = Promise.prototype;
  const PromiseThen = Promise.prototype.then;
  const AsyncFunctionCtor = ObjectGetPrototypeOf(async function () {}).constructor;
  const MapCtor = Map;
  const MapGet = Map.prototype.get;
  const MapSet = Map.prototype.set;
  const MapDelete = Map.prototype.delete;
  const MapHas = Map.prototype.has;
  const MapSize = getter(Map.prototype, "size");
  const MapEntries = Map.prototype.entries;
  const MapIteratorNext = ObjectGetPrototypeOf(new Map().entries()).next;
  const SetValues = Set.prototype.values;
  const SetSize = getter(Set.prototype, "size");
  const SetIteratorNext = ObjectGetPrototypeOf(new Set().values()).next;
  const ErrorCtor = Error;
  const ErrorPrototype = Error.prototype;
  const TypeErrorCtor = TypeError;
  const RangeErrorCtor = RangeError;
  const StringCtor = String;
  const StringSlice = String.prototype.slice;
  const StringCharCodeAt = String.prototype.charCodeAt;
  const StringIndexOf = String.prototype.indexOf;
  const StringToLowerCase = String.prototype.toLowerCase;
  const ArrayIsArray = Array.isArray;
  const ArraySlice = Array.prototype.slice;
  const NumberIsFinite = Number.isFinite;
  const NumberCtor = Number;
  const MathMin = Math.min;
  const MathFloor = Math.floor;
  const MathAbs = Math.abs;
  const DateGetTime = Date.prototype.getTime;
  const DateToISOString = Date.prototype.toISOString;
  const RegExpToString = RegExp.prototype.toString;
  const RegExpTest = RegExp.prototype.test;
  const SymbolToString = Symbol.prototype.toString;
  const SymbolSpecies = Symbol.species;
  const SymbolIterator = Symbol.iterator;
  const BigIntToString = BigInt.prototype.toString;
  const FunctionCall = Function.prototype.call;
  const FunctionBind = Function.prototype.bind;
  const Global = globalThis;

  /** @param {object} o @param {PropertyKey} key */
  function getter(o, key) {
    return /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(o, key)).get;
  }

  // ==== PRIVATE STRUCTURES: no write or missing read ever reaches a guest prototype ===========
  /** @param {any} fn @param {unknown} self @param {ArrayLike<unknown>} args */
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
  /** Every (key, value) of a Map we own, through the captured iterator `next`. */
  function mapEach(m, fn) {
    const it = call(MapEntries, m, []);
    for (let step = call(MapIteratorNext, it, []); !step.done; step = call(MapIteratorNext, it, []))
      fn(step.value[0], step.value[1]);
  }
  /**
   * `fn` as a plain function of (receiver, ...args), bound once to the captured `call`: no array
   * per call (hot loops over every character use it), and immune to later changes of `call`.
   * @param {any} fn
   * @returns {(self: any, ...args: any[]) => any}
   */
  function uncurry(fn) {
    return ReflectApply(FunctionBind, FunctionCall, [fn]);
  }
  const charCodeAt = uncurry(StringCharCodeAt);
  /** A record: a null-prototype object, so reading a missing field or adding one runs no guest code. */
  function record() {
    return /** @type {Record<string, any>} */ ({ __proto__: null });
  }
  /** A property descriptor the guest cannot extend through `Object.prototype` (`get`, `set` ...). */
  function dataDescriptor(value, writable, enumerable, configurable) {
    return /** @type {PropertyDescriptor} */ ({
      __proto__: null,
      value: value,
      writable: writable,
      enumerable: enumerable,
      configurable: configurable,
    });
  }
  /** A private list: a null-prototype record with `length`, never an Array. */
  function newList() {
    return /** @type {{ length: number, [i: number]: any }} */ ({ __proto__: null, length: 0 });
  }
  function push(list, v) {
    list[list.length] = v;
    list.length++;
  }
  function join(list, sep) {
    let s = "";
    for (let i = 0; i < list.length; i++) s += (i === 0 ? "" : sep) + list[i];
    return s;
  }
  function slice(s, from, to) {
    return to === undefined ? call(StringSlice, s, [from]) : call(StringSlice, s, [from, to]);
  }
  function indexOf(s, part, from) {
    return call(StringIndexOf, s, [part, from === undefined ? 0 : from]);
  }
  function lower(s) {
    return call(StringToLowerCase, s, []);
  }
  /** `String(n)` for numbers we computed: no guest `toString` can run for a primitive number. */
  function num(n) {
    return "" + n;
  }

  const config = JSONparse(configJson);
  const names = new MapCtor(); // binding name -> true (registered bindings)

  // Without a prototype, `test` finds no `exec` to call and runs the built-in matcher itself: no
  // guest replacement of RegExp.prototype.exec can answer for it.
  const NON_ASCII = /[\u0080-\uffff]/;
  ObjectSetPrototypeOf(NON_ASCII, null);
  function utf8Length(s) {
    if (!call(RegExpTest, NON_ASCII, [s])) return s.length; // ASCII: one byte per unit
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = charCodeAt(s, i);
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
    const size = record();
    if (s.length > max) {
      size.bytes = s.length;
      size.over = true;
      size.exact = false;
    } else if (s.length * 3 <= max) {
      size.bytes = s.length;
      size.over = false;
      size.exact = false;
    } else {
      size.bytes = utf8Length(s);
      size.over = size.bytes > max;
      size.exact = true;
    }
    return size;
  }
  function sizeText(size) {
    return (size.exact ? "" : "at least ") + num(size.bytes) + " bytes";
  }

  // ==== PER-RUN STATE (a sandbox serves exactly one run) =======================================
  /** @type {Record<string, number> | null} */
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
  const waiting = newList(); // calls held back by maxConcurrentBindingCalls
  let waitingHead = 0;
  const calls = new MapCtor(); // callId -> call record (pending on the host or waiting here)
  const callPromises = new MapCtor(); // promise -> call record, until it cannot be unhandled
  const timers = new MapCtor(); // timerId -> { fn, args }
  let nextTimerId = 1;
  // Every setTimeout/clearTimeout is a message the host must process; pending timers are
  // bounded, but set/clear churn is not. A message flood queues on the host faster than it
  // drains (hundreds of MB per second in-process), so timers created per run are bounded too.
  const TIMERS_CREATED_PER_PENDING = 10;
  let timersCreated = 0;
  let resizableBytes = 0; // maxByteLength reserved by resizable buffers this run
  let icuBytes = 0; // ICU memory charged for Intl objects created this run (MEMORY OUTSIDE THE HEAP)
  let outBytes = 0;
  let droppedBytes = 0;
  let flushes = 0;
  const pendingOut = record();
  pendingOut.stdout = "";
  pendingOut.stderr = "";
  let pendingOutBytes = 0;
  const FLUSH_EVERY_LINE = 2000; // first N console calls cross one by one (live events)
  const FLUSH_CHUNK = 16384; // then in chunks, so floods cost few crossings

  // ==== OUTPUT ==================================================================================
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
    if (finished || limits === null) return;
    const bytes = utf8Length(text);
    if (outBytes + bytes > limits.maxOutputBytes) {
      const room = limits.maxOutputBytes - outBytes;
      if (room > 0) {
        // keep what fits (by characters; close enough for the cut line) and count the rest
        const part = slice(text, 0, room);
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

  // ==== CONSOLE ================================================================================
  function quote(s) {
    let out = "'";
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = charCodeAt(s, i);
      if (c === 92 || c === 39) {
        out += slice(s, from, i) + "\\";
        from = i;
      }
    }
    return out + slice(s, from) + "'";
  }
  function isIdentifier(k) {
    if (k.length === 0) return false;
    for (let i = 0; i < k.length; i++) {
      const c = charCodeAt(k, i);
      const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
      if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
    }
    return true;
  }
  function keyText(k) {
    return isIdentifier(k) ? k : quote(k);
  }
  /** Brand checks through captured built-ins: they run no guest code and cannot be lied to. */
  function hasBrand(fn, value) {
    try {
      call(fn, value, []);
      return true;
    } catch {
      return false;
    }
  }
  /** `value instanceof Error` without `Symbol.hasInstance`: walks the prototype chain itself. */
  function isError(value) {
    try {
      let p = value;
      for (let depth = 0; depth < 64 && p !== null; depth++) {
        p = ObjectGetPrototypeOf(p);
        if (p === ErrorPrototype) return true;
      }
    } catch {}
    return false;
  }
  function seenBefore(seen, value) {
    for (let i = 0; i < seen.length; i++) if (seen[i] === value) return true;
    return false;
  }
  function withSeen(seen, value) {
    const next = newList();
    for (let i = 0; i < seen.length; i++) push(next, seen[i]);
    push(next, value);
    return next;
  }
  function braces(open, parts, close, empty) {
    return parts.length ? open + " " + join(parts, ", ") + " " + close : empty;
  }

  function inspect(value, depth, seen) {
    const t = typeof value;
    if (value === null) return "null";
    if (t === "undefined") return "undefined";
    if (t === "string") return depth === 0 ? value : quote(value);
    if (t === "number") return value === 0 && 1 / value < 0 ? "-0" : num(value);
    if (t === "boolean") return value ? "true" : "false";
    if (t === "bigint") return call(BigIntToString, value, []) + "n";
    if (t === "symbol") return call(SymbolToString, value, []);
    try {
      if (t === "function") {
        const name = value.name;
        return typeof name === "string" && name
          ? "[Function: " + name + "]"
          : "[Function (anonymous)]";
      }
      if (seenBefore(seen, value)) return "[Circular]";
      if (isError(value)) {
        const stack = value.stack;
        return typeof stack === "string" ? cleanStack(stack) : describeError(value).message;
      }
      if (hasBrand(DateGetTime, value)) {
        try {
          return call(DateToISOString, value, []);
        } catch {
          return "Invalid Date";
        }
      }
      const isMap = hasBrand(MapSize, value);
      const isSet = !isMap && hasBrand(SetSize, value);
      if (!isMap && !isSet && call(ObjectToString, value, []) === "[object RegExp]")
        return call(RegExpToString, value, []);
      if (depth > 2) return ArrayIsArray(value) ? "[Array]" : "[Object]";
      const inner = withSeen(seen, value);
      const parts = newList();
      if (isMap || isSet) {
        const it = isMap ? call(MapEntries, value, []) : call(SetValues, value, []);
        const next = isMap ? MapIteratorNext : SetIteratorNext;
        for (let step = call(next, it, []); !step.done; step = call(next, it, [])) {
          if (parts.length >= 100) {
            push(parts, "...");
            break;
          }
          const v = step.value;
          push(
            parts,
            isMap
              ? inspect(v[0], depth + 1, inner) + " => " + inspect(v[1], depth + 1, inner)
              : inspect(v, depth + 1, inner),
          );
        }
        const size = isMap ? call(MapSize, value, []) : call(SetSize, value, []);
        return (isMap ? "Map(" : "Set(") + num(size) + ") " + braces("{", parts, "}", "{}");
      }
      if (ArrayIsArray(value)) {
        const n = value.length;
        for (let i = 0; i < n && i < 100; i++) push(parts, inspect(value[i], depth + 1, inner));
        if (n > 100) push(parts, "... " + num(n - 100) + " more items");
        return braces("[", parts, "]", "[]");
      }
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length && i < 100; i++) {
        const k = keys[i];
        push(parts, keyText(k) + ": " + inspect(value[k], depth + 1, inner));
      }
      if (keys.length > 100) push(parts, "... " + num(keys.length - 100) + " more properties");
      const proto = ObjectGetPrototypeOf(value);
      let prefix = "";
      if (proto === null) prefix = "[Object: null prototype] ";
      else if (proto !== ObjectPrototype) {
        try {
          const c = proto.constructor;
          const name = c ? c.name : undefined;
          if (typeof name === "string" && name) prefix = name + " ";
        } catch {}
      }
      return prefix + braces("{", parts, "}", "{}");
    } catch {
      return "[uninspectable]";
    }
  }

  function format(args) {
    const parts = newList();
    for (let i = 0; i < args.length; i++) push(parts, inspect(args[i], 0, newList()));
    return join(parts, " ") + "\n";
  }

  const consoleObject = {};
  function defineConsole(name, fn) {
    ObjectDefineProperty(consoleObject, name, dataDescriptor(fn, true, true, true));
  }
  function consoleMethod(stream) {
    return function () {
      write(stream, format(arguments));
    };
  }
  defineConsole("log", consoleMethod("stdout"));
  defineConsole("info", consoleMethod("stdout"));
  defineConsole("debug", consoleMethod("stdout"));
  defineConsole("trace", consoleMethod("stderr"));
  defineConsole("warn", consoleMethod("stderr"));
  defineConsole("error", consoleMethod("stderr"));
  defineConsole("dir", function (v) {
    write("stdout", inspect(v, 1, newList()) + "\n");
  });
  defineConsole("table", function (v) {
    write("stdout", inspect(v, 1, newList()) + "\n");
  });

  // ==== ERRORS =================================================================================
  /** Lines of `text`, split without `String.prototype.split` (which consults `Symbol.split`). */
  function lines(text) {
    const out = newList();
    let from = 0;
    for (;;) {
      const nl = indexOf(text, "\n", from);
      if (nl === -1) {
        push(out, slice(text, from));
        return out;
      }
      push(out, slice(text, from, nl));
      from = nl + 1;
    }
  }
  function isFrame(line) {
    let i = 0;
    while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
    return i > 0 && slice(line, i, i + 3) === "at ";
  }
  // Only frames of the submitted code (file "code.js") are kept: the bootstrap's own frames and
  // isolated-vm's boundary markers say nothing useful to the model.
  function cleanStack(stack) {
    const all = lines(stack);
    const kept = newList();
    for (let i = 0; i < all.length; i++) {
      const line = all[i];
      if (!isFrame(line) || indexOf(line, "code.js:") !== -1) push(kept, line);
    }
    return join(kept, "\n");
  }

  /** A string from a guest value, or `fallback` when its conversion throws or is not a string. */
  function text(value, fallback) {
    try {
      const s = StringCtor(value);
      return typeof s === "string" ? s : fallback;
    } catch {
      return fallback;
    }
  }

  function describeError(e) {
    const info = record();
    info.name = "Error";
    info.message = "";
    try {
      if (isError(e)) {
        info.name = text(e.name, "Error");
        info.message = text(e.message, "");
        try {
          const stack = e.stack;
          if (typeof stack === "string") info.stack = slice(cleanStack(stack), 0, 8000);
        } catch {}
        try {
          const code = e.code;
          if (typeof code === "string") info.code = code;
        } catch {}
        try {
          const binding = e.binding;
          if (typeof binding === "string") info.binding = binding;
        } catch {}
      } else {
        info.name = "Uncaught";
        info.message = inspect(e, 0, newList());
      }
    } catch {
      info.message = "(error could not be described)";
    }
    info.message = slice(info.message, 0, 4000);
    return info;
  }

  // ==== FINISHING ==============================================================================
  function failure(kind, name, message) {
    const info = record();
    info.kind = kind;
    info.name = name;
    info.message = message;
    return JSONstringify(info);
  }

  // A binding call whose promise rejected and that the code never handled (no `await`, `then`,
  // `catch` or `finally` on it by the end of the run) is reported on stderr: the run's result
  // stands, as the code returned it, and the model still sees the failure it ignored.
  function reportUnhandledCalls() {
    let reported = 0;
    let more = 0;
    mapEach(callPromises, function (_promise, c) {
      if (!c.rejected || c.handled) return;
      if (reported >= 10) {
        more++;
        return;
      }
      reported++;
      const info = describeError(c.error);
      const where = info.stack === undefined ? "" : firstFrame(info.stack);
      write(
        "stderr",
        "isobind: unhandled promise rejection (the call was never awaited or handled): " +
          info.message +
          (where ? " (" + where + ")" : "") +
          "\n",
      );
    });
    if (more > 0) write("stderr", "isobind: " + num(more) + " more unhandled rejections\n");
  }
  function firstFrame(stack) {
    const all = lines(stack);
    for (let i = 0; i < all.length; i++) {
      const line = all[i];
      const at = indexOf(line, "code.js:");
      if (isFrame(line) && at !== -1) {
        let end = at + 8;
        while (end < line.length && line[end] !== ":" && line[end] !== ")") end++;
        return "line " + slice(line, at + 8, end);
      }
    }
    return "";
  }

  function finish() {
    if (finished) return;
    if (!bodyDone || mapSize(calls) > 0 || mapSize(timers) > 0) return;
    if (limits === null) return;
    reportUnhandledCalls();
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
        failure(
          "RESULT_NOT_SERIALIZABLE",
          "TypeError",
          "the returned value is not JSON-serializable: " + d.message,
        ),
      );
      return;
    }
    if (typeof json !== "string") {
      end(
        0,
        failure(
          "RESULT_NOT_SERIALIZABLE",
          "TypeError",
          "the returned value is not JSON-serializable (a " +
            typeof returnValue +
            " has no JSON form)",
        ),
      );
      return;
    }
    const size = sizeAgainst(json, limits.maxResultBytes);
    if (size.over) {
      end(
        0,
        failure(
          "RESULT_TOO_LARGE",
          "RangeError",
          "the returned value is " +
            sizeText(size) +
            " as JSON, over the limit of " +
            num(limits.maxResultBytes) +
            " bytes (limits.maxResultBytes)",
        ),
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

  /** The guest's code failed outside its body (a timer or microtask callback threw). */
  function failFromCallback(e) {
    if (!bodyFailed) {
      bodyFailed = true;
      bodyError = e;
    }
    bodyDone = true;
  }

  /**
   * Last line of defence for invariant 6: the guest changed the realm in a way this file did not
   * foresee and one of its own steps threw. The run ends as the guest's error, not a crash.
   */
  function internalFailure(e) {
    try {
      stopWith(
        "GUEST_ERROR",
        "the sandbox's runtime failed after the code changed a built-in: " +
          describeError(e).message,
      );
    } catch {
      try {
        finished = true;
        send(
          "limit",
          "GUEST_ERROR",
          "the sandbox's runtime failed after the code changed a built-in",
          0,
        );
      } catch {}
    }
  }

  // ==== BINDING CALLS ==========================================================================
  function bindingError(code, name, message, site) {
    const err = site || new ErrorCtor();
    const full = code + ": " + name + ": " + message;
    ObjectDefineProperty(err, "message", dataDescriptor(full, true, false, true));
    ObjectDefineProperty(err, "code", dataDescriptor(code, true, true, true));
    ObjectDefineProperty(err, "binding", dataDescriptor(name, true, true, true));
    // The stack was captured at the call site with an empty message; put the real one in front.
    try {
      const stack = err.stack;
      if (typeof stack === "string") {
        const nl = indexOf(stack, "\n");
        const rest = nl === -1 ? "" : slice(stack, nl);
        ObjectDefineProperty(
          err,
          "stack",
          dataDescriptor("Error: " + full + rest, true, false, true),
        );
      }
    } catch {}
    return err;
  }

  // Binding calls return promises of this Promise subclass. Its only difference is a `then` that
  // notes the code handled the promise (`await`, `then`, `catch`, `finally` and the Promise
  // combinators all end up in it), so a call that fails while the code awaits something else and
  // is handled afterwards works, and one never handled is reported (reportUnhandledCalls). V8 never
  // sees these promises as unhandled: each gets a private handler when it is made.
  function BindingPromise(executor) {
    if (new.target === undefined)
      throw new TypeErrorCtor("Promise constructor cannot be invoked without 'new'");
    return ReflectConstruct(PromiseCtor, [executor], new.target);
  }
  const BindingPromisePrototype = BindingPromise.prototype;
  ObjectSetPrototypeOf(BindingPromisePrototype, PromisePrototype);
  ObjectSetPrototypeOf(BindingPromise, PromiseCtor);
  ObjectDefineProperty(BindingPromise, "name", dataDescriptor("Promise", false, false, true));
  // Derived promises (`p.then(f)`) are plain promises: no species lookup reaches the guest.
  ObjectDefineProperty(
    BindingPromise,
    SymbolSpecies,
    dataDescriptor(PromiseCtor, false, false, false),
  );
  ObjectDefineProperty(
    BindingPromisePrototype,
    "then",
    dataDescriptor(
      /** @this {any} */
      function then(onFulfilled, onRejected) {
        const c = mapGet(callPromises, this);
        if (c !== undefined) {
          c.handled = true;
          if (c.settled) mapDelete(callPromises, this);
        }
        return call(PromiseThen, this, [onFulfilled, onRejected]);
      },
      false,
      false,
      false,
    ),
  );
  ObjectFreeze(BindingPromisePrototype);
  ObjectFreeze(BindingPromise);
  function ignore() {}

  function newCall(name, site) {
    const c = record();
    c.name = name;
    c.site = site;
    c.handled = false;
    c.settled = false;
    c.rejected = false;
    const promise = ReflectConstruct(
      PromiseCtor,
      [
        function (resolve, reject) {
          c.resolve = resolve;
          c.reject = reject;
        },
      ],
      BindingPromise,
    );
    call(PromiseThen, promise, [undefined, ignore]);
    c.promise = promise;
    mapSet(callPromises, promise, c);
    return c;
  }
  function resolveCall(c, value) {
    c.settled = true;
    mapDelete(callPromises, c.promise); // a fulfilled call can never be an unhandled rejection
    c.resolve(value);
  }
  function rejectCall(c, code, message) {
    const err = bindingError(code, c.name, message, c.site);
    c.settled = true;
    c.rejected = true;
    c.error = err;
    if (c.handled) mapDelete(callPromises, c.promise);
    c.reject(err);
  }

  function callBinding(name, input) {
    const site = new ErrorCtor();
    const label = typeof name === "string" ? name : text(name, "(name)");
    const c = newCall(label, site);
    if (finished || limits === null) {
      rejectCall(c, "HANDLER_ERROR", "the run has ended");
      return c.promise;
    }
    if (typeof name !== "string") {
      rejectCall(c, "UNKNOWN_BINDING", "binding names are strings");
      return c.promise;
    }
    if (!mapHas(names, name) && !(name.length > 1 && name.length <= 256 && name[0] === "$")) {
      rejectCall(c, "UNKNOWN_BINDING", "no binding has this name" + suggest(name));
      return c.promise;
    }
    callsMade++;
    if (callsMade > limits.maxBindingCalls) {
      stopWith(
        "BINDING_CALL_LIMIT",
        "the run made more than " +
          num(limits.maxBindingCalls) +
          " binding calls (limits.maxBindingCalls); call " +
          num(callsMade) +
          " was " +
          name,
      );
      rejectCall(c, "HANDLER_ERROR", "binding call limit reached");
      return c.promise;
    }
    let json;
    try {
      // A call without input sends {}: tool inputs are objects, and tools.listAll() reads well.
      json = input === undefined ? "{}" : JSONstringify(input);
    } catch (e) {
      rejectCall(c, "INVALID_INPUT", "input is not JSON-serializable: " + describeError(e).message);
      return c.promise;
    }
    if (typeof json !== "string") {
      rejectCall(c, "INVALID_INPUT", "input is not JSON-serializable (a " + typeof input + ")");
      return c.promise;
    }
    const size = sizeAgainst(json, limits.maxBindingInputBytes);
    if (size.over) {
      rejectCall(
        c,
        "INVALID_INPUT",
        "input is " +
          sizeText(size) +
          " as JSON, over the limit of " +
          num(limits.maxBindingInputBytes) +
          " bytes (limits.maxBindingInputBytes)",
      );
      return c.promise;
    }
    c.id = nextCallId++;
    c.json = json;
    mapSet(calls, c.id, c);
    // Calls past the concurrency limit wait here, in the guest's own memory-limited heap, not
    // on the host: a flood of large inputs to a slow binding then costs the host nothing.
    if (inFlight < limits.maxConcurrentBindingCalls) sendCall(c);
    else push(waiting, c);
    return c.promise;
  }

  function sendCall(c) {
    inFlight++;
    const json = c.json;
    c.json = undefined;
    flush();
    send("call", c.id, c.name, json);
  }

  function sendWaiting() {
    while (
      limits !== null &&
      waitingHead < waiting.length &&
      inFlight < limits.maxConcurrentBindingCalls &&
      !finished
    ) {
      const next = waiting[waitingHead];
      waiting[waitingHead] = undefined;
      waitingHead++;
      sendCall(next);
    }
    if (waitingHead === waiting.length) {
      waiting.length = 0;
      waitingHead = 0;
    }
  }

  // A close binding name for a typo: same letters ignoring case, or at most two edits away.
  function distance(a, b) {
    if (a === b) return 0;
    if (MathAbs(a.length - b.length) > 2) return 3;
    let prev = newList();
    for (let j = 0; j <= b.length; j++) push(prev, j);
    for (let i = 1; i <= a.length; i++) {
      const cur = newList();
      push(cur, i);
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        push(cur, MathMin(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function suggest(name) {
    const all = ObjectKeys(jsNames);
    const low = lower(name);
    let best = null,
      bestScore = 3;
    for (let i = 0; i < all.length; i++) {
      const path = all[i];
      const score = MathMin(distance(low, lower(path)), distance(low, lower(jsNames[path])));
      if (score < bestScore) {
        best = path;
        bestScore = score;
      }
    }
    return best === null ? "" : " (did you mean tools." + best + "?)";
  }

  function settleCall(id, ok, payload) {
    const c = mapGet(calls, id);
    if (c === undefined) return;
    mapDelete(calls, id);
    inFlight--;
    sendWaiting();
    if (ok === 1) {
      resolveCall(c, payload === "" ? undefined : JSONparse(payload));
    } else {
      const e = JSONparse(payload);
      rejectCall(c, text(e.code, "HANDLER_ERROR"), text(e.message, ""));
    }
    finish();
  }

  // ==== TOOLS PROXY: one name map, shared with the declarations ================================
  const jsNames = record(); // "getWeather" / "github.createIssue" -> binding name
  function unknownPath(path) {
    return function () {
      const c = newCall("tools." + path, new ErrorCtor());
      rejectCall(c, "UNKNOWN_BINDING", "no binding is declared at this path" + suggest(path));
      return c.promise;
    };
  }
  function makeNamespace(prefix) {
    const target = {};
    const ns = record();
    ns.target = target;
    // The handler has no prototype: a trap it lacks can never be found on Object.prototype.
    const handler = record();
    handler.get = function (t, key) {
      if (typeof key !== "string") return undefined;
      if (ObjectHasOwn(t, key)) return t[key];
      if (key === "then" || key === "toJSON" || key === "constructor" || key in ObjectPrototype)
        return undefined;
      if (key[0] === "$")
        return function (input) {
          return callBinding(key, input);
        };
      return unknownPath(prefix + key);
    };
    handler.set = function () {
      return false;
    };
    handler.defineProperty = handler.set;
    handler.deleteProperty = handler.set;
    handler.setPrototypeOf = handler.set;
    ns.proxy = new ProxyCtor(target, handler);
    return ns;
  }
  function bindingFunction(name) {
    return function (input) {
      return callBinding(name, input);
    };
  }
  const root = makeNamespace("");
  const namespaces = new MapCtor();
  mapSet(namespaces, "", root);
  for (let i = 0; i < config.paths.length; i++) {
    const name = config.paths[i][0];
    const path = config.paths[i][1];
    mapSet(names, name, true);
    let key = "";
    let ns = root;
    for (let j = 0; j < path.length - 1; j++) {
      key += (j === 0 ? "" : ".") + path[j];
      let child = mapGet(namespaces, key);
      if (child === undefined) {
        child = makeNamespace(key + ".");
        mapSet(namespaces, key, child);
        ObjectDefineProperty(ns.target, path[j], dataDescriptor(child.proxy, true, true, true));
      }
      ns = child;
    }
    jsNames[(key === "" ? "" : key + ".") + path[path.length - 1]] = name;
    const fn = bindingFunction(name);
    ObjectDefineProperty(ns.target, path[path.length - 1], dataDescriptor(fn, true, true, true));
  }
  mapEach(namespaces, function (_key, ns) {
    ObjectFreeze(ns.target);
  });

  // ==== TIMERS ===================================================================================
  function setTimeoutImpl(fn, ms) {
    if (typeof fn !== "function")
      throw new TypeErrorCtor("setTimeout: the callback must be a function");
    if (finished || limits === null) return 0;
    if (mapSize(timers) >= limits.maxPendingTimers) {
      throw new RangeErrorCtor(
        "setTimeout: more than " +
          num(limits.maxPendingTimers) +
          " timers pending (limits.maxPendingTimers)",
      );
    }
    if (timersCreated >= limits.maxPendingTimers * TIMERS_CREATED_PER_PENDING) {
      throw new RangeErrorCtor(
        "setTimeout: more than " +
          num(limits.maxPendingTimers * TIMERS_CREATED_PER_PENDING) +
          " timers created in this run (" +
          num(TIMERS_CREATED_PER_PENDING) +
          " x limits.maxPendingTimers)",
      );
    }
    let delay = typeof ms === "number" ? ms : NumberCtor(ms);
    if (!NumberIsFinite(delay) || delay < 0) delay = 0;
    delay = MathMin(MathFloor(delay), 2147483647);
    timersCreated++;
    const timer = record();
    timer.fn = fn;
    // slice of `arguments` makes a fresh array by definition, not by assignment: no setter runs
    timer.args = call(ArraySlice, arguments, [2]);
    const id = nextTimerId++;
    mapSet(timers, id, timer);
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
      failFromCallback(e);
    }
    finish();
  }
  // Runs after the current job, like the platform's queueMicrotask. `await undefined` makes a
  // fresh promise: no `then`, `constructor` or species lookup the guest could have replaced.
  async function runMicrotask(fn) {
    await undefined;
    try {
      call(fn, undefined, []);
    } catch (e) {
      failFromCallback(e);
      try {
        finish();
      } catch (inner) {
        internalFailure(inner);
      }
    }
  }
  function queueMicrotaskImpl(fn) {
    if (typeof fn !== "function")
      throw new TypeErrorCtor("queueMicrotask: the callback must be a function");
    if (!finished) runMicrotask(fn);
  }

  // ==== UNTIMED ENTRY POINTS ====================================================================
  // The CPU limit is enforced on every entry the host makes into the isolate. V8 also runs guest
  // code on its own: FinalizationRegistry cleanup callbacks and Atomics.waitAsync continuations
  // are posted as platform tasks, outside any entry and its timeout. Both are removed (the host
  // also watches the isolate's CPU counter as a backstop).
  delete (/** @type {any} */ (Global).FinalizationRegistry);
  try {
    delete (/** @type {any} */ (Atomics).waitAsync);
  } catch {}

  // ==== MEMORY OUTSIDE THE HEAP ===============================================================
  // isolated-vm's memoryLimit caps the V8 heap and the ArrayBuffer allocator. Three kinds of
  // memory are outside both, so a guest could commit gigabytes with them (in-process: in the
  // host): WebAssembly memories (removed), resizable/growable buffers (their reservations are
  // bounded by the memory limit in total per run) and ICU objects behind `Intl` (a formatter or
  // segmenter holds 1-26 KB of ICU memory for 0.2 KB of heap; a run may create as many as fit in
  // memoryLimitMb, charged per kind below).
  delete (/** @type {any} */ (Global).WebAssembly);

  /** Puts `Guarded` in place of the constructor `Original` at `holder[label]`. */
  function replaceConstructor(holder, label, Original, Guarded, length) {
    ObjectDefineProperty(Guarded, "name", dataDescriptor(label, false, false, true));
    ObjectDefineProperty(Guarded, "length", dataDescriptor(length, false, false, true));
    ObjectDefineProperty(
      Guarded,
      "prototype",
      dataDescriptor(Original.prototype, false, false, false),
    );
    const statics = ReflectOwnKeys(Original);
    for (let i = 0; i < statics.length; i++) {
      const key = statics[i];
      if (key === "prototype" || key === "name" || key === "length") continue;
      ObjectDefineProperty(
        Guarded,
        key,
        /** @type {PropertyDescriptor} */ (ObjectGetOwnPropertyDescriptor(Original, key)),
      );
    }
    ObjectDefineProperty(
      Original.prototype,
      "constructor",
      dataDescriptor(Guarded, true, false, true),
    );
    ObjectDefineProperty(holder, label, dataDescriptor(Guarded, true, false, true));
  }

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
            num(max) +
            " is over what is left of the sandbox's memory limit for resizable buffers (" +
            num(budget) +
            " bytes; limits.memoryLimitMb)",
        );
      }
      const fresh = record();
      fresh.maxByteLength = max;
      const buffer = ReflectConstruct(Original, [length, fresh], new.target);
      resizableBytes += max;
      return buffer;
    };
    replaceConstructor(Global, label, Original, Guarded, 1);
  }
  guardResizable(ArrayBuffer, "ArrayBuffer");
  guardResizable(SharedArrayBuffer, "SharedArrayBuffer");

  // ICU memory an object holds, measured on Node 24.21 (ICU 77) with 20 000 live objects each:
  // DateTimeFormat 26 KB; RelativeTimeFormat 7.7; Segmenter 6.9; PluralRules 4.1; a segment
  // iterator 3.4; Segments 2.3; Collator 1.6; the others about 1. Charged at creation, rounded up.
  const ICU_BYTES_LARGE = 32768;
  const ICU_BYTES = 8192;
  function countIcuObject(what, bytes) {
    const budget = limits === null ? 0 : limits.memoryLimitMb * 1048576;
    if (icuBytes + bytes > budget) {
      throw new RangeErrorCtor(
        what +
          ": this run created as many Intl objects as its memory limit allows (" +
          num(budget) +
          " bytes of ICU memory, which is outside the heap; limits.memoryLimitMb)",
      );
    }
    icuBytes += bytes;
  }
  function guardIntl(name) {
    const Original = Intl[name];
    if (typeof Original !== "function") return;
    const label = "Intl." + name;
    const bytes =
      name === "DateTimeFormat" || name === "DurationFormat" ? ICU_BYTES_LARGE : ICU_BYTES;
    /** @this {any} */
    const Guarded = function () {
      countIcuObject(label, bytes);
      // Without `new`, the legacy constructors still make an object; the others throw as before.
      return new.target === undefined
        ? call(Original, this, arguments)
        : ReflectConstruct(Original, arguments, new.target);
    };
    replaceConstructor(Intl, name, Original, Guarded, Original.length);
  }
  /** `holder[key]` becomes a method that counts one ICU object per call. */
  function guardIcuMethod(holder, key, label) {
    const original = holder[key];
    if (typeof original !== "function") return;
    /** @this {any} */
    const guarded = function () {
      countIcuObject(label, ICU_BYTES);
      return call(original, this, arguments);
    };
    const name = typeof key === "string" ? key : "[Symbol.iterator]";
    ObjectDefineProperty(guarded, "name", dataDescriptor(name, false, false, true));
    ObjectDefineProperty(holder, key, dataDescriptor(guarded, true, false, true));
  }
  // A Segments object and each of its iterators hold their own copy of an ICU break iterator.
  const SegmenterCtor = Intl.Segmenter;
  if (typeof SegmenterCtor === "function") {
    const SegmentsPrototype = ObjectGetPrototypeOf(new SegmenterCtor().segment(""));
    guardIcuMethod(SegmenterCtor.prototype, "segment", "Intl.Segmenter.prototype.segment");
    guardIcuMethod(SegmentsPrototype, SymbolIterator, "Segments[Symbol.iterator]");
  }
  // Each Locale holds an icu::Locale; maximize/minimize make new ones.
  if (typeof Intl.Locale === "function") {
    guardIcuMethod(Intl.Locale.prototype, "maximize", "Intl.Locale.prototype.maximize");
    guardIcuMethod(Intl.Locale.prototype, "minimize", "Intl.Locale.prototype.minimize");
  }
  const intlOwn = ReflectOwnKeys(Intl);
  for (let i = 0; i < intlOwn.length; i++) {
    const key = intlOwn[i];
    if (typeof key === "string" && key[0] >= "A" && key[0] <= "Z") guardIntl(key);
  }

  // ==== GLOBALS ==================================================================================
  function defineGlobal(name, value) {
    ObjectDefineProperty(Global, name, dataDescriptor(value, false, false, false));
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
  defineGlobal("queueMicrotask", queueMicrotaskImpl);

  // ==== REPLAY: CLOCKS AND RANDOMNESS ==========================================================
  // A run that may pause for approval is replayed from the start on resume, so everything the
  // guest can observe must come out the same: Math.random is a PRNG seeded by the host (the seed
  // travels in the continuation), and every clock read (Date.now, new Date(), Date(),
  // performance.now) is journalled. On replay the journal answers reads in order; past its end
  // reads are live again (performance.now shifted so it never goes backwards). The host takes
  // the journal at the pause with dispatch("snapshot"). Runs that cannot pause skip all of this.
  // The journal lives in private lists and is written out by hand: no guest `toJSON` or index
  // setter on Array.prototype can touch it.
  const DateCtor = Date;
  const DateNow = Date.now;
  const DateToString = Date.prototype.toString;
  const MathRandom = Math.random;
  const MAX_CLOCK_READS = 65536; // per clock; a pause past this is refused (bounded memory)
  /** @type {Record<string, any> | null} */
  let det = null;
  function liveDate() {
    return call(DateNow, DateCtor, []);
  }
  /** @param {Record<string, any>} state @param {{ length: number }} list @param {number} v */
  function journal(state, list, v) {
    if (list.length < MAX_CLOCK_READS) push(list, v);
    else state.overflow = true;
  }
  function readDate() {
    if (det === null) return liveDate();
    const v = det.di < det.replayDate.length ? det.replayDate[det.di++] : liveDate();
    journal(det, det.date, v);
    return v;
  }
  let perfOrigin = liveDate();
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
    journal(det, det.perf, v);
    return v;
  }
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
  ObjectDefineProperty(GuestDate, "name", dataDescriptor("Date", false, false, true));
  ObjectDefineProperty(GuestDate, "length", dataDescriptor(7, false, false, true));
  ObjectDefineProperty(
    GuestDate,
    "prototype",
    dataDescriptor(DateCtor.prototype, false, false, false),
  );
  ObjectDefineProperty(GuestDate, "UTC", dataDescriptor(DateCtor.UTC, true, false, true));
  ObjectDefineProperty(GuestDate, "parse", dataDescriptor(DateCtor.parse, true, false, true));
  ObjectDefineProperty(
    GuestDate,
    "now",
    dataDescriptor(
      function now() {
        return readDate();
      },
      true,
      false,
      true,
    ),
  );
  ObjectDefineProperty(
    DateCtor.prototype,
    "constructor",
    dataDescriptor(GuestDate, true, false, true),
  );
  ObjectDefineProperty(Global, "Date", dataDescriptor(GuestDate, true, false, true));
  ObjectDefineProperty(
    Math,
    "random",
    dataDescriptor(
      function random() {
        return nextRandom();
      },
      true,
      false,
      true,
    ),
  );
  const performanceObject = record();
  performanceObject.now = function now() {
    return readPerf();
  };
  ObjectSetPrototypeOf(performanceObject, ObjectPrototype);
  ObjectDefineProperty(
    Global,
    "performance",
    dataDescriptor(ObjectFreeze(performanceObject), true, false, true),
  );
  /** @param {unknown} json `""` (this run cannot pause) or `{seed, date, perf}` from the host */
  function beginDeterminism(json) {
    perfOrigin = liveDate();
    if (typeof json !== "string" || json === "") return;
    // Parsed from the host's own text: every field read below is an own data property.
    const d = JSONparse(json);
    const s = newList();
    for (let i = 0; i < 4; i++) push(s, d.seed[i] | 0);
    const state = record();
    state.s = s;
    state.date = newList();
    state.perf = newList();
    state.replayDate = d.date;
    state.replayPerf = d.perf;
    state.di = 0;
    state.pi = 0;
    state.perfShift = 0;
    state.shifted = false;
    state.overflow = false;
    det = state;
  }
  /** The clock journal as JSON text, built by hand from numbers this section recorded. */
  function snapshot() {
    if (det === null) return "";
    return (
      '{"date":[' +
      join(det.date, ",") +
      '],"perf":[' +
      join(det.perf, ",") +
      '],"overflow":' +
      (det.overflow ? "true" : "false") +
      "}"
    );
  }

  // ==== ENTRY POINTS HELD ONLY BY THE HOST =====================================================
  // The body's promise is awaited, never `.then`ed: `await` on a promise whose `constructor` is
  // %Promise% registers its reactions internally. An own `constructor` on the promise shadows
  // whatever the guest put on Promise.prototype, so no guest getter runs here.
  async function awaitBody(result) {
    try {
      ObjectDefineProperty(result, "constructor", dataDescriptor(PromiseCtor, false, false, false));
      const v = await result;
      if (v !== undefined && !hasReturn) {
        hasReturn = true;
        returnValue = v;
      }
      bodyDone = true;
    } catch (e) {
      bodyFailed = true;
      bodyError = e;
      bodyDone = true;
    }
    try {
      finish();
    } catch (e) {
      internalFailure(e);
    }
  }

  function start(main, limitsJson, determinismJson) {
    try {
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
      awaitBody(result);
    } catch (e) {
      internalFailure(e);
    }
  }

  // "settle" carries one or more (callId, ok, payload) triples.
  function dispatch(kind, a) {
    try {
      if (kind === "settle") {
        for (let i = 1; i + 2 < arguments.length; i += 3)
          settleCall(arguments[i], arguments[i + 1], arguments[i + 2]);
      } else if (kind === "timer") fireTimer(a);
      else if (kind === "snapshot") return snapshot();
    } catch (e) {
      internalFailure(e);
    }
  }

  // Whether `code` is exactly the body of an async function: V8 parses it as one, alone, so
  // code that closes the wrapper the host compiles it in (`}); for(;;){} (async function(){`)
  // fails here. Called before any guest code ran. "" when it is, else the error's message.
  function check(code) {
    try {
      ReflectConstruct(AsyncFunctionCtor, [code], AsyncFunctionCtor);
      return "";
    } catch (e) {
      const info = describeError(e);
      return info.name + ": " + info.message;
    }
  }

  const api = record();
  api.start = start;
  api.dispatch = dispatch;
  api.check = check;
  return api;
});
