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
import type { OtelApi } from "./load.ts";

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

/** A pool whose sandboxes can be counted: the shared pool of sandbox processes. */
export interface PoolSizeSource {
  sizes(): PoolSizes;
}

/** Per meter provider: the pools its runtimes run on, each with how many runtimes watch it. */
const poolWatches = new WeakMap<object, Map<PoolSizeSource, number>>();

/**
 * Reports `isobind.pool.size` (by `isobind.pool.state`) for `source` to `provider` (or the
 * global meter provider) until the returned function is called. One callback per provider sums
 * every pool watched through it, so a pool shared by many runtimes is counted once, and two
 * pools (a shared one and a dedicated one) add up instead of overwriting each other.
 */
export function watchPoolSize(
  api: OtelApi,
  source: PoolSizeSource,
  provider?: TelemetryMeterProvider,
): () => void {
  const meterProvider = (provider as MeterProvider | undefined) ?? api.metrics.getMeterProvider();
  let pools = poolWatches.get(meterProvider);
  if (!pools) {
    const watched = new Map<PoolSizeSource, number>();
    const callback: ObservableCallback = (result) => {
      let idle = 0;
      let busy = 0;
      for (const pool of watched.keys()) {
        const sizes = pool.sizes();
        idle += sizes.idle;
        busy += sizes.busy;
      }
      result.observe(idle, { [ATTR.poolState]: "idle" });
      result.observe(busy, { [ATTR.poolState]: "busy" });
    };
    meterProvider
      .getMeter(INSTRUMENTATION_SCOPE)
      .createObservableUpDownCounter(METRIC.poolSize, {
        description: "Sandbox processes of the pools this process's runtimes use, by state",
        unit: "{sandbox}",
      })
      .addCallback(callback);
    poolWatches.set(meterProvider, watched);
    pools = watched;
  }
  const watched = pools;
  watched.set(source, (watched.get(source) ?? 0) + 1);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    const left = (watched.get(source) ?? 1) - 1;
    if (left > 0) watched.set(source, left);
    else watched.delete(source);
  };
}
