import { readFile } from 'node:fs/promises';
import type { Turn } from '../server/followup.js';

/** One question of the project's evaluation set (`eval/questions.json`). */
export interface EvalQuestion {
  id: string;
  type: 'factual' | 'paraphrase' | 'multi' | 'unanswerable';
  question: string;
  /** Exact sentences of the article that answer it; empty when the article cannot. */
  evidence: string[];
  /** Any one of these in the answer counts as the fact being there. */
  facts: string[];
  history?: Turn[];
}

export const QUESTIONS_FILE = new URL('./questions.json', import.meta.url);

export async function loadQuestions(file: URL | string = QUESTIONS_FILE): Promise<EvalQuestion[]> {
  return JSON.parse(await readFile(file, 'utf8')) as EvalQuestion[];
}
