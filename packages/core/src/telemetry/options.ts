/**
 * Validation and defaults of `RuntimeOptions.telemetry`, in the style of runtime/options.ts:
 * every problem is collected with its dotted path, nothing throws here.
 */
import type { OptionIssue } from "../errors.ts";
import type {
  TelemetryMeterProvider,
  TelemetryOptions,
  TelemetryTracerProvider,
} from "../types.ts";
import { CAPTURE_CONTENT_ENV } from "./attributes.ts";

/** `telemetry` after validation and defaults; `false` when it is off. */
export interface ResolvedTelemetry {
  captureContent: boolean;
  maxContentChars: number;
  tracerProvider?: TelemetryTracerProvider;
  meterProvider?: TelemetryMeterProvider;
}

/** Default of `maxContentChars`. */
export const DEFAULT_MAX_CONTENT_CHARS = 4096;

const KEYS = new Set(["captureContent", "maxContentChars", "tracerProvider", "meterProvider"]);

/**
 * Whether the conventional environment variable opts in to content capture. The GenAI
 * conventions name `true`; newer instrumentations also use `span_only` / `span_and_event`.
 */
export function captureContentFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[CAPTURE_CONTENT_ENV]?.trim().toLowerCase();
  return raw === "true" || raw === "span_only" || raw === "span_and_event";
}

/** Checks `telemetry`; pushes one issue per bad field and returns the resolved options. */
export function validateTelemetry(
  value: unknown,
  issues: OptionIssue[],
  env: NodeJS.ProcessEnv = process.env,
): ResolvedTelemetry | false {
  const defaults = {
    captureContent: captureContentFromEnv(env),
    maxContentChars: DEFAULT_MAX_CONTENT_CHARS,
  };
  if (value === undefined || value === true) return defaults;
  if (value === false) return false;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: "telemetry", message: "must be a boolean or an object" });
    return false;
  }
  const options = value as TelemetryOptions;
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) {
      issues.push({
        path: `telemetry.${key}`,
        message: `is not a telemetry option (known: ${[...KEYS].join(", ")})`,
      });
    }
  }
  const resolved: ResolvedTelemetry = { ...defaults };
  if (options.captureContent !== undefined) {
    if (typeof options.captureContent !== "boolean") {
      issues.push({
        path: "telemetry.captureContent",
        message: `must be a boolean, got ${JSON.stringify(options.captureContent)}`,
      });
    } else resolved.captureContent = options.captureContent;
  }
  const max = options.maxContentChars;
  if (max !== undefined) {
    if (typeof max !== "number" || !Number.isInteger(max) || max < 0 || max > 1024 ** 3) {
      issues.push({
        path: "telemetry.maxContentChars",
        message: `must be an integer from 0 to ${1024 ** 3}, got ${JSON.stringify(max)}`,
      });
    } else resolved.maxContentChars = max;
  }
  if (options.tracerProvider !== undefined) {
    if (!hasMethod(options.tracerProvider, "getTracer")) {
      issues.push({
        path: "telemetry.tracerProvider",
        message: "must be an OpenTelemetry TracerProvider (an object with getTracer())",
      });
    } else resolved.tracerProvider = options.tracerProvider;
  }
  if (options.meterProvider !== undefined) {
    if (!hasMethod(options.meterProvider, "getMeter")) {
      issues.push({
        path: "telemetry.meterProvider",
        message: "must be an OpenTelemetry MeterProvider (an object with getMeter())",
      });
    } else resolved.meterProvider = options.meterProvider;
  }
  return resolved;
}

function hasMethod(value: unknown, name: string): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === "function"
  );
}
