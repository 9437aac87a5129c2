/**
 * Metric instruments, created once per meter provider. The metrics API has no proxy provider
 * (unlike tracing), so the provider is looked up at each run: a runtime created before the
 * application registers its SDK still reports once the SDK is there.
 */
import type {
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  ObservableCallback,
} from "@opentelemetry/api";
import type { TelemetryMeterProvider } from "../types.ts";
import { ATTR, DURATION_BUCKETS_S, INSTRUMENTATION_SCOPE, METRIC } from "./attributes.ts";
import { loadOtelApi, type OtelApi } from "./load.ts";

/** The instruments of one meter. */
export interface Instruments {
  runs: Counter;
  runDuration: Histogram;
  bindingDuration: Histogram;
  queueWait: Histogram;
}

const byProvider = new WeakMap<object, Instruments>();

/** The instruments of `provider` (or the global meter provider). */
export function instrumentsFor(api: OtelApi, provider?: TelemetryMeterProvider): Instruments {
  const source = (provider as MeterProvider | undefined) ?? api.metrics.getMeterProvider();
  let found = byProvider.get(source);
  if (!found) {
    found = createInstruments(source.getMeter(INSTRUMENTATION_SCOPE));
    byProvider.set(source, found);
  }
  return found;
}

function createInstruments(meter: Meter): Instruments {
  const advice = { explicitBucketBoundaries: DURATION_BUCKETS_S };
  return {
    runs: meter.createCounter(METRIC.runs, {
      description: "Runs of guest code, by outcome (ok or the run's error code)",
      unit: "{run}",
    }),
    runDuration: meter.createHistogram(METRIC.runDuration, {
      description: "Wall-clock time of a run, from run() to its result",
      unit: "s",
      advice,
    }),
    bindingDuration: meter.createHistogram(METRIC.bindingDuration, {
      description: "Time of one binding call on the host (validation, policy, handler, output)",
      unit: "s",
      advice,
    }),
    queueWait: meter.createHistogram(METRIC.queueWait, {
      description: "Time a run waited for a sandbox from the shared pool",
      unit: "s",
      advice,
    }),
  };
}

/** Sandboxes of the shared pool, by state. */
export interface PoolSizes {
  idle: number;
  busy: number;
}

/**
 * The hook for the shared sandbox pool: reports `isobind.pool.size` (by `isobind.pool.state`)
 * from `read()` at each metric collection. Returns a function that stops reporting. Does
 * nothing when `@opentelemetry/api` is not installed.
 */
export async function observePoolSize(
  read: () => PoolSizes,
  provider?: TelemetryMeterProvider,
): Promise<() => void> {
  const api = await loadOtelApi();
  if (!api) return () => {};
  const source = (provider as MeterProvider | undefined) ?? api.metrics.getMeterProvider();
  const gauge = source
    .getMeter(INSTRUMENTATION_SCOPE)
    .createObservableUpDownCounter(METRIC.poolSize, {
      description: "Sandboxes of the shared pool, by state",
      unit: "{sandbox}",
    });
  const callback: ObservableCallback = (result) => {
    const sizes = read();
    result.observe(sizes.idle, { [ATTR.poolState]: "idle" });
    result.observe(sizes.busy, { [ATTR.poolState]: "busy" });
  };
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}
