import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AnswerRecord, Assistant } from './assistant.js';

/**
 * Prometheus metrics for one app: request counts and latencies per route, answer timings and
 * outcomes, and the process's own metrics. Each app gets its own registry (never prom-client's
 * global one), so two apps in one process — tests, or a bench beside a server — never clash.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Times every request; mount it first so the whole handling time is counted. */
  readonly timing: RequestHandler;
  /** `GET /metrics`: the registry in Prometheus text format. */
  readonly handler: RequestHandler;
  /** Counts one answer and records its stage timings. */
  observeAnswer(record: Pick<AnswerRecord, 'mode' | 'support' | 'timings'>): void;
}

export interface MetricsOptions {
  /** Collect process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

/** The `route` label of a request no route claimed, whatever URL it asked for. */
export const NOT_FOUND_ROUTE = 'not_found';

/** Seconds; extractive answers take milliseconds, model-written ones up to the LLM timeout. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STAGE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The Express route pattern that handled the request (`/api/passages/:id`), or `not_found`.
 * Raw URLs would give every passage id and every typo its own time series. A catch-all route that
 * answered 404 (`/v1{/*rest}`) is an unknown path too.
 */
export function routeLabel(req: Request, res: Response): string {
  const pattern: unknown = req.route?.path;
  if (typeof pattern !== 'string') return NOT_FOUND_ROUTE;
  if (res.statusCode === 404 && pattern.includes('*')) return NOT_FOUND_ROUTE;
  return `${req.baseUrl}${pattern}` || '/';
}

/**
 * Builds the metrics of one app on a fresh registry.
 *
 * @example
 * const metrics = createMetrics();
 * app.use(metrics.timing);
 * app.get('/metrics', metrics.handler);
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its response, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const stages = new Histogram({
    name: 'assistant_answer_duration_seconds',
    help: 'Time spent on one answer, by stage: retrieve, answer (extractive or LLM) and total.',
    labelNames: ['stage'] as const,
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({
    name: 'assistant_answers_total',
    help: 'Answers given, by who wrote them (extractive or llm) and how well quotes back them.',
    labelNames: ['mode', 'support'] as const,
    registers: [registry],
  });

  const timing: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    // `close` also fires when the client leaves mid-response (a streamed chat answer); such a
    // request is counted under `aborted` rather than under a status it never finished sending.
    res.once('close', () => {
      const labels = {
        method: req.method,
        route: routeLabel(req, res),
        status: res.writableFinished ? String(res.statusCode) : 'aborted',
      };
      requests.inc(labels);
      latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  const handler: RequestHandler = async (_req, res) => {
    const body = await registry.metrics();
    res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(body);
  };

  return {
    registry,
    timing,
    handler,
    observeAnswer({ mode, support, timings }) {
      answers.inc({ mode, support });
      stages.observe({ stage: 'retrieve' }, timings.retrieveMs / 1000);
      stages.observe({ stage: 'answer' }, timings.answerMs / 1000);
      stages.observe({ stage: 'total' }, timings.totalMs / 1000);
    },
  };
}

/**
 * The same assistant, with every answer it returns counted: the answer's own `timings`, `mode`
 * and `support` are the measurements, so the assistant needs no hooks.
 */
export function withMetrics(assistant: Assistant, metrics: Pick<Metrics, 'observeAnswer'>): Assistant {
  return {
    get model() {
      return assistant.model;
    },
    async ask(input, events, signal) {
      const record = await assistant.ask(input, events, signal);
      metrics.observeAnswer(record);
      return record;
    },
  };
}
