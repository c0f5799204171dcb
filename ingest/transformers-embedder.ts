import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureExtractionPipeline } from '@xenova/transformers';
import type { Embedder } from './embedder.js';

/** Texts per model call: large enough to amortise call overhead, small enough to bound tensor memory. */
const BATCH_SIZE = 16;

/** Embedded once at load time to learn the vector width instead of trusting config files. */
const PROBE_TEXT = 'dimension probe';

/**
 * Files transformers.js insists on for a feature-extraction model. Checked up front when remote
 * download is off, so a missing model fails with the exact path instead of library log noise.
 */
function requiredFiles(quantized: boolean): string[] {
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/model${quantized ? '_quantized' : ''}.onnx`,
  ];
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return oneLine(cause.message || cause.name);
  return oneLine(String(cause));
}

/**
 * Raised when the embedding model cannot be loaded (missing files, download disabled or failed,
 * unreadable ONNX). Callers catch this one type to print a single actionable line (which model,
 * which folder, why) rather than a library stack trace; the original error stays in `cause`.
 */
export class EmbedderUnavailableError extends Error {
  /** The model name that was requested, e.g. `Xenova/all-MiniLM-L6-v2`. */
  readonly model: string;
  /** The underlying failure, kept for debugging; its text is already folded into `message`. */
  override readonly cause: unknown;

  constructor(model: string, modelDir: string, allowRemote: boolean, cause: unknown) {
    const folder = modelDir.endsWith('/') ? modelDir : `${modelDir}/`;
    const remote = allowRemote ? 'remote download enabled' : 'remote download disabled';
    super(oneLine(`cannot load embedding model ${model} from ${folder} (${remote}): ${describe(cause)}`), {
      cause,
    });
    this.name = 'EmbedderUnavailableError';
    this.model = model;
    // Assigned after super(): a class field would otherwise reset it to undefined.
    this.cause = cause;
  }
}

/**
 * Local sentence embeddings via transformers.js (ONNX runtime), so ingestion and querying need no
 * API key. Vectors are mean-pooled and L2-normalised, which makes inner product equal to cosine
 * similarity for the vector index.
 */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly #extract: FeatureExtractionPipeline;

  private constructor(model: string, dimensions: number, extract: FeatureExtractionPipeline) {
    this.id = `transformers:${model}`;
    this.dimensions = dimensions;
    this.#extract = extract;
  }

  /**
   * Loads the model from `modelDir/<model>/` (the same layout transformers.js uses for its download
   * cache, so a model fetched once with `allowRemote` is found offline next time). `quantized`
   * defaults to true because that is the file the hub ships for `Xenova/all-MiniLM-L6-v2`.
   * Note that transformers.js settings are process-global: the last `load` wins.
   * @throws {EmbedderUnavailableError} for any loading failure.
   */
  static async load(options: {
    model: string;
    modelDir: string;
    allowRemote: boolean;
    quantized?: boolean;
  }): Promise<TransformersEmbedder> {
    const { model, modelDir, allowRemote } = options;
    const quantized = options.quantized ?? true;
    try {
      if (!allowRemote) await assertLocalFiles(modelDir, model, quantized);
      // Imported here, not at the top: onnxruntime takes a second to load, which users of the
      // built-in embedder should not pay.
      const { env, pipeline } = await import('@xenova/transformers');
      env.localModelPath = modelDir;
      env.cacheDir = modelDir;
      env.allowLocalModels = true;
      env.allowRemoteModels = allowRemote;
      const extract = await pipeline('feature-extraction', model, { quantized });
      const [probe] = await embedWith(extract, [PROBE_TEXT]);
      if (!probe || probe.length === 0) throw new Error('model returned an empty embedding');
      return new TransformersEmbedder(model, probe.length, extract);
    } catch (error) {
      throw new EmbedderUnavailableError(model, modelDir, allowRemote, error);
    }
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      vectors.push(...(await embedWith(this.#extract, texts.slice(start, start + BATCH_SIZE))));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await embedWith(this.#extract, [text]);
    if (!vector) throw new Error('embedding model returned no vector');
    return vector;
  }
}

async function assertLocalFiles(modelDir: string, model: string, quantized: boolean): Promise<void> {
  const missing: string[] = [];
  for (const file of requiredFiles(quantized)) {
    const path = join(modelDir, model, file);
    try {
      await access(path);
    } catch {
      missing.push(path);
    }
  }
  if (missing.length > 0) throw new Error(`file not found: ${missing.join(', ')}`);
}

async function embedWith(extract: FeatureExtractionPipeline, texts: string[]): Promise<number[][]> {
  if (texts.length === 0) return [];
  const output = await extract(texts, { pooling: 'mean', normalize: true });
  const rows = output.tolist() as number[][];
  if (rows.length !== texts.length) {
    throw new Error(`embedding model returned ${rows.length} vectors for ${texts.length} texts`);
  }
  return rows;
}
