import { z } from 'zod';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from '../ingest/chunk.js';
import type { EmbedderSettings } from '../ingest/embedder-settings.js';

/** The id `/v1/models` lists unless MODEL_ID says otherwise. */
export const DEFAULT_MODEL_ID = 'article-assistant';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every environment variable the assistant reads, with its default. `.env.example` mirrors this. */
const schema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CORPUS: z.string().min(1).default('data/article.txt'),
  VECTORS_DIR: z.string().min(1).default('vectors'),
  EMBEDDINGS: z.enum(['auto', 'transformers', 'local']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  MODELS_DIR: z.string().min(1).default('models'),
  ALLOW_REMOTE_MODELS: bool.default('true'),
  EMBEDDING_QUANTIZED: bool.default('true'),
  LOCAL_EMBEDDING_DIMS: int(64, 8192).default(1024),
  WORD_VECTORS: z.enum(['on', 'off']).default('on'),
  ANSWER_CACHE_SIZE: int(0, 1_000_000).default(1000),
  CHUNK_MIN_CHARS: int(50, 20000).default(DEFAULT_CHUNK_OPTIONS.minChars),
  CHUNK_MAX_CHARS: int(100, 40000).default(DEFAULT_CHUNK_OPTIONS.maxChars),
  CHUNK_OVERLAP_SENTENCES: int(0, 5).default(DEFAULT_CHUNK_OPTIONS.overlapSentences),
  API_KEY: z.string().optional(),
  AUDIT_API_KEY: z.string().optional(),
  RATE_LIMIT_PER_MINUTE: int(0, 1_000_000).default(300),
  CORS_ORIGINS: z.string().optional(),
  BODY_LIMIT_KB: int(1, 10_240).default(64),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUDIT: z.enum(['on', 'off']).default('on'),
  AUDIT_DB: z.string().min(1).default('data/audit.sqlite'),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: int(100, 600_000).default(20_000),
  MODEL_ID: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits, ".", ":", "_" or "-", at most 64').default(DEFAULT_MODEL_ID),
});

/** An OpenAI-compatible chat model that writes answers; absent means extractive answers only. */
export interface LlmConfig {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama) */
  baseUrl: string;
  model: string;
  /** Servers without authentication accept any value. */
  apiKey: string;
  timeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  corpus: string[];
  vectorsDir: string;
  embeddings: EmbedderSettings;
  /** Extractive answers kept for identical questions; 0 turns the cache off. */
  answerCacheSize: number;
  /** Whether pre-trained word vectors relate question words the corpus lacks to its own (WORD_VECTORS). */
  wordVectors: boolean;
  chunk: ChunkOptions;
  llm?: LlmConfig;
  /** The id `/v1/models` lists and `/v1/chat/completions` accepts. */
  modelId: string;
  /** The SQLite file of the audit trail, or null when AUDIT=off. */
  auditDb: string | null;
  http: HttpConfig;
  logLevel: string;
}

/** Who may call the API, how often, from which origins, with how large a body. */
export interface HttpConfig {
  /** Accepted API keys for /api/* and /v1/*; empty means open. */
  apiKeys: string[];
  /** Keys for the audit routes; empty means the API keys apply. */
  auditApiKeys: string[];
  /** Requests per client per minute on /api/* and /v1/*; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Origins allowed by CORS; empty means CORS is off. */
  corsOrigins: string[];
  /** Largest request body, in bytes. */
  bodyLimit: number;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** A configuration problem, named by variable; start-up prints it and exits. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; everything else receives the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.CHUNK_MIN_CHARS > e.CHUNK_MAX_CHARS) {
    throw new ConfigError(`CHUNK_MIN_CHARS (${e.CHUNK_MIN_CHARS}) must not exceed CHUNK_MAX_CHARS (${e.CHUNK_MAX_CHARS})`);
  }
  if ((e.LLM_BASE_URL === undefined) !== (e.LLM_MODEL === undefined)) {
    const missing = e.LLM_BASE_URL === undefined ? 'LLM_BASE_URL' : 'LLM_MODEL';
    throw new ConfigError(`${missing} is not set: LLM answers need both LLM_BASE_URL and LLM_MODEL (leave both unset for extractive answers)`);
  }
  const llm =
    e.LLM_BASE_URL && e.LLM_MODEL
      ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY ?? 'not-needed', timeoutMs: e.LLM_TIMEOUT_MS }
      : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    corpus: e.CORPUS.split(',').map((s) => s.trim()).filter(Boolean),
    vectorsDir: e.VECTORS_DIR,
    embeddings: {
      mode: e.EMBEDDINGS,
      model: e.EMBEDDING_MODEL,
      modelDir: e.MODELS_DIR,
      allowRemote: e.ALLOW_REMOTE_MODELS,
      quantized: e.EMBEDDING_QUANTIZED,
      localDimensions: e.LOCAL_EMBEDDING_DIMS,
    },
    answerCacheSize: e.ANSWER_CACHE_SIZE,
    wordVectors: e.WORD_VECTORS === 'on',
    chunk: {
      minChars: e.CHUNK_MIN_CHARS,
      maxChars: e.CHUNK_MAX_CHARS,
      overlapSentences: e.CHUNK_OVERLAP_SENTENCES,
    },
    ...(llm ? { llm } : {}),
    modelId: e.MODEL_ID,
    auditDb: e.AUDIT === 'on' ? e.AUDIT_DB : null,
    logLevel: e.LOG_LEVEL,
    http: {
      apiKeys: list(e.API_KEY),
      auditApiKeys: list(e.AUDIT_API_KEY),
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      corsOrigins: list(e.CORS_ORIGINS),
      bodyLimit: e.BODY_LIMIT_KB * 1024,
    },
  };
}
