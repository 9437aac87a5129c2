/**
 * Loads `@opentelemetry/api`, an optional peer dependency, at most once per process. A static
 * import would make the package required; a guarded dynamic import at `NodeRuntime.create()`
 * costs one module load when it is installed and nothing at all when it is not.
 */
import type * as OtelApiModule from "@opentelemetry/api";

/** The `@opentelemetry/api` module. */
export type OtelApi = typeof OtelApiModule;

let loading: Promise<OtelApi | undefined> | undefined;

/** Resolves with the API, or `undefined` when it is not installed (or cannot be loaded). */
export function loadOtelApi(): Promise<OtelApi | undefined> {
  loading ??= import("@opentelemetry/api").then(
    (api) => api,
    (e: unknown) => {
      // Absent is the normal case for users without OpenTelemetry; anything else (a broken
      // install) is worth one warning, since tracing will silently be off.
      if ((e as { code?: unknown })?.code !== "ERR_MODULE_NOT_FOUND") {
        process.emitWarning(
          `@isobind/core: @opentelemetry/api could not be loaded, telemetry is off: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return undefined;
    },
  );
  return loading;
}
