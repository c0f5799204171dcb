/**
 * Reads the server's own view of a load run from `GET /metrics`: how long requests took inside
 * the app (excluding time queued before Express saw them) and how long each answer stage took.
 */
export interface ServerView {
  /** Mean time inside the app per request, by route, in ms. */
  meanRequestMs: Record<string, number>;
  /** Mean time per answer stage (retrieve, answer, total), in ms. */
  meanStageMs: Record<string, number>;
  answers: number;
}

/** Sum of every sample of `name` whose labels include all of `labels`. */
function total(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inside = line.includes('{') ? line.slice(line.indexOf('{') + 1, line.lastIndexOf('}')).split(',') : [];
    if (wanted.every((w) => inside.includes(w))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

function meanMs(text: string, histogram: string, labels: Record<string, string>): number {
  const count = total(text, `${histogram}_count`, labels);
  return count > 0 ? Math.round((total(text, `${histogram}_sum`, labels) / count) * 1e6) / 1e3 : Number.NaN;
}

export async function scrapeServerView(url: string, routes: readonly string[]): Promise<ServerView> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  return {
    meanRequestMs: Object.fromEntries(routes.map((route) => [route, meanMs(text, 'http_request_duration_seconds', { route, status: '200' })])),
    meanStageMs: Object.fromEntries(['retrieve', 'answer', 'total'].map((stage) => [stage, meanMs(text, 'assistant_answer_duration_seconds', { stage })])),
    answers: total(text, 'assistant_answers_total', {}),
  };
}
