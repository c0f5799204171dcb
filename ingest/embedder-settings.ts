import type { Embedder } from './embedder.js';
import { LocalEmbedder, type LocalEmbedderState } from './local-embedder.js';
import type { EmbedderRecord } from './manifest.js';
import { EmbedderUnavailableError, TransformersEmbedder } from './transformers-embedder.js';

/** How embeddings are chosen; built once from the validated config. */
export interface EmbedderSettings {
  /** `auto` tries the transformers model and falls back to the built-in embedder. */
  mode: 'auto' | 'transformers' | 'local';
  model: string;
  modelDir: string;
  allowRemote: boolean;
  quantized: boolean;
  localDimensions: number;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger whose lines all carry `bindings` (pino's `child`), e.g. the request id. */
  child?(bindings: Record<string, unknown>): Logger;
}

export interface ChosenEmbedder {
  embedder: Embedder;
  record: EmbedderRecord;
  /** Present for the local embedder: statistics to save with the index. */
  localState?: LocalEmbedderState;
}

async function loadTransformers(settings: EmbedderSettings): Promise<TransformersEmbedder> {
  return TransformersEmbedder.load({
    model: settings.model,
    modelDir: settings.modelDir,
    allowRemote: settings.allowRemote,
    quantized: settings.quantized,
  });
}

function recordFor(embedder: Embedder, kind: EmbedderRecord['kind'], model?: string): EmbedderRecord {
  return { kind, id: embedder.id, dimensions: embedder.dimensions, ...(model ? { model } : {}) };
}

/**
 * Picks the embedder for a new index. In `auto` mode a model that cannot be loaded (no internet,
 * no files in the model folder) is reported in one line and the built-in embedder is used, fitted
 * on the passages about to be indexed.
 */
export async function chooseEmbedderForIngest(
  settings: EmbedderSettings,
  passageTexts: readonly string[],
  log: Logger,
): Promise<ChosenEmbedder> {
  if (settings.mode !== 'local') {
    try {
      const embedder = await loadTransformers(settings);
      return { embedder, record: recordFor(embedder, 'transformers', settings.model) };
    } catch (error) {
      if (settings.mode === 'transformers' || !(error instanceof EmbedderUnavailableError)) throw error;
      log.warn(`${error.message}; using the built-in local embedder instead (set EMBEDDINGS=local to skip this attempt)`);
    }
  }
  const local = LocalEmbedder.fit(passageTexts, settings.localDimensions);
  return { embedder: local, record: recordFor(local, 'local'), localState: local.toState() };
}

/** An index names its embedder; this error says which one was wanted and which one the index has. */
export class EmbedderMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbedderMismatchError';
  }
}

/**
 * Recreates the embedder an index was built with, so queries land in the same vector space.
 * Refuses when the configuration explicitly asks for a different kind, or the model is gone.
 */
export async function loadEmbedderForIndex(
  record: EmbedderRecord,
  settings: EmbedderSettings,
  localState: () => Promise<LocalEmbedderState>,
): Promise<Embedder> {
  const fix = 'run `npm run ingest -- --force` to rebuild the index with the configured embedder';
  if (settings.mode !== 'auto' && settings.mode !== record.kind) {
    const wanted = settings.mode === 'local' ? `the local embedder (local-hash-${settings.localDimensions})` : settings.model;
    throw new EmbedderMismatchError(
      `index was built with embedder ${record.id} (${record.dimensions} dims) but EMBEDDINGS=${settings.mode} asks for ${wanted}: ${fix}`,
    );
  }
  if (record.kind === 'local') return LocalEmbedder.fromState(await localState());
  const model = record.model ?? settings.model;
  let embedder: TransformersEmbedder;
  try {
    embedder = await TransformersEmbedder.load({ ...settings, model });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbedderMismatchError(
      `index was built with embedder ${record.id} (${record.dimensions} dims) but it cannot be loaded here (${reason}): put the model files under ${settings.modelDir}/ or ${fix}`,
    );
  }
  if (embedder.dimensions !== record.dimensions) {
    throw new EmbedderMismatchError(
      `index was built with embedder ${record.id} (${record.dimensions} dims) but ${embedder.id} gives ${embedder.dimensions} dims: ${fix}`,
    );
  }
  return embedder;
}
