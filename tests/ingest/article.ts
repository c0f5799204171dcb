import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the article the assistant ships with, as an absolute path. */
export const ARTICLE_PATH = fileURLToPath(new URL('../../data/article.txt', import.meta.url));

/** The article's text, read once per test file. */
export const ARTICLE = readFileSync(ARTICLE_PATH, 'utf8');

/**
 * The last words before each of the article's 16 footnote markers, in note order: marker `n` is
 * glued right after `MARKED_ENDINGS[n - 1]`.
 */
export const MARKED_ENDINGS = [
  'India and Pakistan (de facto).',
  'between the two organizations overtime.',
  'among the countries of the region.”',
  'and prosperity in the Asia-Pacific Region.”',
  'processing, and agriculture and forestry.',
  'resolving important issues in the region.”',
  'building trust in the Asia-Pacific Region.”',
  'strengthen peace and stability in Southeast Asia.”',
  'operating and taking shape in the Asia-Pacific Region.”',
  'priorities of Vietnam’s foreign policy.”',
  'position are of great importance to ASEAN.”',
  'as opposed to the 100 billion kWt of 2010.',
  'Malaysia, Thailand, and the Philippines).',
  'pharmaceuticals, and power stations.',
  'multifaceted organizations were discussed.',
  'along with their current laws and regulations.”',
] as const;
