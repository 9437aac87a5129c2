/**
 * The real OpenTelemetry SDK, set up as an application would (global context manager, tracer
 * provider and meter provider), with in-memory exporters so tests read what would be exported.
 */
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";

/** The registered SDK and its exporters. */
export interface TestSdk {
  spans: InMemorySpanExporter;
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Collects and returns the data points of metric `name`. */
  metric(name: string): Promise<DataPoint<number | Histogram>[]>;
  shutdown(): Promise<void>;
}

/** Registers the SDK globally (call once per test file). */
export function registerSdk(): TestSdk {
  const contextManager = new AsyncLocalStorageContextManager();
  context.setGlobalContextManager(contextManager.enable());
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    tracerProvider,
    meterProvider,
    async metric(name) {
      exporter.reset();
      await reader.forceFlush();
      const points: DataPoint<number | Histogram>[] = [];
      for (const rm of exporter.getMetrics()) {
        for (const sm of rm.scopeMetrics) {
          for (const m of sm.metrics) {
            if (m.descriptor.name === name)
              points.push(...(m.dataPoints as DataPoint<number | Histogram>[]));
          }
        }
      }
      return points;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/** Span id of a span. */
export const idOf = (s: ReadableSpan): string => s.spanContext().spanId;

/** Span id of a span's parent, if any. */
export const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

/** Start and end of a span in nanoseconds since the epoch (bigint: no float rounding). */
export function bounds(s: ReadableSpan): [start: bigint, end: bigint] {
  const ns = ([sec, nano]: [number, number]) => BigInt(sec) * 1_000_000_000n + BigInt(nano);
  return [ns(s.startTime), ns(s.endTime)];
}
