/**
 * Browser side of the playground: sends the code to `POST /api/run` and renders the response.
 * A paused run lists its pending calls with an approve/deny choice each; Resume sends the
 * continuation and the decisions to `POST /api/resume` and renders that run the same way.
 * @module
 */
import type { BindingEndEvent, BindingStartEvent, RunError, RunEvent } from "@isobind/core";

interface Preset {
  id: string;
  title: string;
  source: string;
  code: string;
  language: "javascript" | "typescript";
  timeoutMs: number;
}

interface PendingCall {
  id: string;
  binding: string;
  path: string[];
  input: unknown;
  reason?: string;
}

/** Input and output of one call that reached its handler (`CallDetail` in runner.ts). */
interface CallDetail {
  callId: number;
  input: string;
  output?: string;
  error?: string;
}

interface RunResponse {
  status?: "completed" | "paused";
  pending?: PendingCall[];
  continuation?: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  value?: unknown;
  error?: RunError;
  stats: { wallMs: number; cpuMs: number; bindingCalls: number };
  events: RunEvent[];
  droppedEvents: number;
  calls: CallDetail[];
}

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`playground: #${id} is missing`);
  return element as T;
};

/** Wires up the playground markup rendered by `Playground.astro`. */
export function setupPlayground(): void {
  const root = document.querySelector<HTMLElement>(".pg");
  if (!root) return;
  const presets = JSON.parse(root.dataset.presets ?? "[]") as Preset[];
  const code = byId<HTMLTextAreaElement>("pg-code");
  const gutter = byId<HTMLPreElement>("pg-gutter");
  const preset = byId<HTMLSelectElement>("pg-preset");
  const language = byId<HTMLSelectElement>("pg-language");
  const timeout = byId<HTMLInputElement>("pg-timeout");
  const run = byId<HTMLButtonElement>("pg-run");
  const status = byId<HTMLParagraphElement>("pg-status");
  const errorBox = byId<HTMLDivElement>("pg-error");
  const stdout = byId<HTMLPreElement>("pg-stdout");
  const stderr = byId<HTMLPreElement>("pg-stderr");
  const value = byId<HTMLPreElement>("pg-value");
  const valueSection = byId<HTMLElement>("pg-value-section");
  const share = byId<HTMLButtonElement>("pg-share");
  const timeline = byId<HTMLDivElement>("pg-timeline");
  const source = byId<HTMLElement>("pg-source");
  const approvals = byId<HTMLElement>("pg-approvals");
  const pendingList = byId<HTMLDivElement>("pg-pending");
  const resume = byId<HTMLButtonElement>("pg-resume");
  let badLine: number | undefined;
  let continuation: string | undefined;

  const renderGutter = () => {
    const count = code.value.split("\n").length;
    gutter.replaceChildren(
      ...Array.from({ length: count }, (_, i) => {
        const line = document.createElement("span");
        line.textContent = `${i + 1}\n`;
        if (i + 1 === badLine) line.className = "pg-bad";
        return line;
      }),
    );
    gutter.scrollTop = code.scrollTop;
  };

  const clearOutput = () => {
    badLine = undefined;
    errorBox.hidden = true;
    errorBox.textContent = "";
    stdout.textContent = "";
    stderr.textContent = "";
    value.textContent = "";
    valueSection.hidden = false;
    timeline.replaceChildren(empty("No run yet."));
    approvals.hidden = true;
    continuation = undefined;
    renderGutter();
  };

  const execute = () =>
    send("/api/run", {
      code: code.value,
      language: language.value,
      timeoutMs: Number(timeout.value),
    });

  const resumeRun = () => {
    const decisions: Record<string, { approved: boolean; reason?: string }> = {};
    for (const choice of pendingList.querySelectorAll<HTMLSelectElement>("select")) {
      const id = choice.dataset.id ?? "";
      decisions[id] =
        choice.value === "approve"
          ? { approved: true }
          : { approved: false, reason: "denied in the playground" };
    }
    return send("/api/resume", { continuation, decisions, timeoutMs: Number(timeout.value) });
  };

  const send = async (url: string, request: unknown) => {
    clearOutput();
    run.disabled = true;
    resume.disabled = true;
    status.textContent = "Running…";
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const body = (await response.json()) as RunResponse | { errors: string[] };
      if ("errors" in body) {
        status.textContent = `Request refused (HTTP ${response.status})`;
        showError(body.errors.join("\n"));
        return;
      }
      render(body);
    } catch (error) {
      status.textContent = "The request failed";
      showError(error instanceof Error ? error.message : String(error));
    } finally {
      run.disabled = false;
      resume.disabled = false;
    }
  };

  const showError = (text: string) => {
    errorBox.hidden = false;
    errorBox.textContent = text;
  };

  const render = (result: RunResponse) => {
    const { stats } = result;
    status.textContent =
      `exit code ${result.exitCode} · ${stats.wallMs.toFixed(0)} ms wall · ` +
      `${stats.cpuMs.toFixed(1)} ms CPU · ${stats.bindingCalls} binding call${stats.bindingCalls === 1 ? "" : "s"}`;
    status.dataset.exitCode = String(result.exitCode);
    stdout.textContent = result.stdout;
    stderr.textContent = result.stderr;
    // A failed run has no value: say nothing rather than show "undefined".
    valueSection.hidden = result.value === undefined && result.exitCode !== 0;
    value.textContent =
      result.value === undefined
        ? "(the program returned nothing)"
        : JSON.stringify(result.value, null, 2);
    if (result.error) {
      const { code: errorCode, name, message, line } = result.error;
      const where = line === undefined ? "" : ` (line ${line})`;
      showError(`${errorCode}${where}\n${name}: ${message}`);
      errorBox.dataset.code = errorCode;
      badLine = line;
      renderGutter();
    }
    renderTimeline(timeline, result, stats.wallMs);
    if (result.status === "paused" && result.continuation && result.pending) {
      continuation = result.continuation;
      pendingList.replaceChildren(...result.pending.map(pendingRow));
      approvals.hidden = false;
    }
  };

  preset.addEventListener("change", () => {
    const chosen = presets.find((p) => p.id === preset.value);
    if (!chosen) return;
    code.value = chosen.code;
    language.value = chosen.language;
    timeout.value = String(chosen.timeoutMs);
    source.textContent = chosen.source;
    clearOutput();
    status.textContent = "Ready. Press Run or Ctrl+Enter.";
  });
  code.addEventListener("input", () => {
    badLine = undefined;
    renderGutter();
  });
  code.addEventListener("scroll", () => {
    gutter.scrollTop = code.scrollTop;
  });
  code.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void execute();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      code.setRangeText("  ", code.selectionStart, code.selectionEnd, "end");
      renderGutter();
    }
  });
  run.addEventListener("click", () => void execute());
  resume.addEventListener("click", () => void resumeRun());
  share.addEventListener("click", () => {
    const url = new URL(window.location.href);
    url.hash = encodeShare({
      code: code.value,
      language: language.value,
      timeoutMs: Number(timeout.value),
    });
    history.replaceState(null, "", url);
    void navigator.clipboard?.writeText(url.href).catch(() => {});
    status.textContent = "The address now holds this program: copy it to share it.";
  });
  const shared = decodeShare(window.location.hash);
  if (shared) {
    code.value = shared.code;
    if (shared.language) language.value = shared.language;
    if (shared.timeoutMs) timeout.value = String(shared.timeoutMs);
    source.textContent = "a shared link";
  }
  renderGutter();
  root.dataset.ready = "true";
}

/** One pending call: what it would do, why it needs approval, and the reader's choice. */
function pendingRow(call: PendingCall): HTMLDivElement {
  const row = document.createElement("div");
  row.className = "pg-pending-row";
  const what = document.createElement("code");
  what.textContent = `tools.${call.path.join(".")}(${JSON.stringify(call.input)})`;
  const why = document.createElement("span");
  why.textContent = call.reason ?? "";
  const choice = document.createElement("select");
  choice.dataset.id = call.id;
  choice.setAttribute("aria-label", `Decision for ${call.binding} ${JSON.stringify(call.input)}`);
  for (const [value, label] of [
    ["approve", "Approve"],
    ["deny", "Deny"],
  ] as const) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    choice.append(option);
  }
  row.append(choice, what, why);
  return row;
}

function empty(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "pg-empty";
  p.textContent = text;
  return p;
}

function renderTimeline(container: HTMLElement, result: RunResponse, wallMs: number): void {
  const starts = new Map<number, BindingStartEvent>();
  const calls: { start: BindingStartEvent; end?: BindingEndEvent }[] = [];
  for (const event of result.events) {
    if (event.type === "binding:start") {
      starts.set(event.callId, event);
      calls.push({ start: event });
    } else if (event.type === "binding:end") {
      const call = calls.find((c) => c.start.callId === event.callId);
      if (call) call.end = event;
    }
  }
  if (calls.length === 0) {
    container.replaceChildren(empty("No binding calls in this run."));
    return;
  }
  const span = Math.max(wallMs, ...calls.map((c) => c.end?.atMs ?? c.start.atMs), 1);
  const byCall = new Map(result.calls.map((c) => [c.callId, c]));
  const rows = calls.map(({ start, end }) => {
    const call = document.createElement("details");
    call.className = "pg-call";
    call.dataset.binding = start.name;
    const row = document.createElement("summary");
    row.className = "pg-row";
    const caret = document.createElement("span");
    caret.className = "pg-caret";
    const label = document.createElement("span");
    label.className = "pg-label";
    label.textContent = `#${start.callId} ${start.name}`;
    const track = document.createElement("span");
    track.className = "pg-track";
    const bar = document.createElement("span");
    const until = end?.atMs ?? span;
    bar.className = end && !end.ok ? "pg-bar pg-failed" : "pg-bar";
    bar.style.left = `${(start.atMs / span) * 100}%`;
    bar.style.width = `${((until - start.atMs) / span) * 100}%`;
    bar.title = end
      ? `${start.name}: ${end.ok ? "ok" : end.errorCode} at ${start.atMs.toFixed(1)}–${end.atMs.toFixed(1)} ms`
      : `${start.name}: still running when the run ended`;
    track.append(bar);
    const ms = document.createElement("span");
    ms.className = "pg-ms";
    ms.textContent = end
      ? `${end.ok ? "" : `${end.errorCode ?? "failed"} · `}${end.durationMs.toFixed(1)} ms`
      : "unfinished";
    row.append(caret, label, track, ms);
    call.append(row, callDetail(byCall.get(start.callId), end));
    return call;
  });
  const axis = document.createElement("p");
  axis.className = "pg-empty";
  axis.textContent = `0 – ${span.toFixed(0)} ms${result.droppedEvents ? ` · ${result.droppedEvents} events not shown` : ""}`;
  container.replaceChildren(...rows, axis);
}

/** The opened call: its input and output, or why its handler never ran. */
function callDetail(detail: CallDetail | undefined, end: BindingEndEvent | undefined): HTMLElement {
  const list = document.createElement("dl");
  list.className = "pg-detail";
  const add = (term: string, text: string) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    dd.dataset.field = term;
    list.append(dt, dd);
  };
  if (detail) {
    add("input", detail.input);
    if (detail.output !== undefined) add("output", detail.output);
    if (detail.error !== undefined)
      add("error", `${end?.errorCode ?? "HANDLER_ERROR"}: ${detail.error}`);
  } else if (end && !end.ok) {
    add("error", `${end.errorCode ?? "failed"}: refused before the handler ran`);
  } else {
    add("input", "not recorded (more calls than the playground keeps)");
  }
  return list;
}

/** What a share link carries. */
interface Shared {
  code: string;
  language?: string;
  timeoutMs?: number;
}

/** `#code=<base64url UTF-8>&lang=…&timeout=…` */
export function encodeShare(shared: Shared): string {
  const bytes = new TextEncoder().encode(shared.code);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const code = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const params = new URLSearchParams({ code });
  if (shared.language) params.set("lang", shared.language);
  if (shared.timeoutMs) params.set("timeout", String(shared.timeoutMs));
  return `#${params.toString()}`;
}

/** The program in a share link's hash, or `undefined` when there is none or it is damaged. */
export function decodeShare(hash: string): Shared | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const code = params.get("code");
  if (!code) return undefined;
  try {
    const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const language = params.get("lang");
    const timeoutMs = Number(params.get("timeout"));
    return {
      code: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      ...(language === "javascript" || language === "typescript" ? { language } : {}),
      ...(Number.isInteger(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}),
    };
  } catch {
    return undefined;
  }
}
