import { answerAsText, answerView, questionView, type AnswerActions } from './answer-view';
import { ApiError, setApiKey, streamChat, type ChatMessage } from './api';
import { byId, clear, h } from './dom';
import { SourcePanel } from './source-panel';
import { loadTurns, newTurnId, saveTurns } from './store';
import type { Turn } from './types';
import './styles.css';

const EXAMPLES = [
  'What is this article about?',
  'When was the first Russia-ASEAN summit held?',
  'What was the volume of trade between Russia and ASEAN in 2013?',
  'Which country coordinated ASEAN’s relations with Russia?',
  'What gives Russia “soft power” in Southeast Asia?',
];

const conversation = byId<HTMLOListElement>('conversation');
const form = byId<HTMLFormElement>('composer');
const input = byId<HTMLTextAreaElement>('question-input');
const send = byId<HTMLButtonElement>('send');
const stop = byId<HTMLButtonElement>('stop');
const panel = new SourcePanel();

let turns: Turn[] = loadTurns();
let running: AbortController | null = null;
const views = new Map<string, HTMLElement>();

const actions: AnswerActions = {
  openCitation: (citation, chip) => void panel.open(citation, chip),
  retry: (turn) => void ask(turn.question, turn),
  useKey: (turn, key) => {
    setApiKey(key);
    void ask(turn.question, turn);
  },
  copy: (turn) => {
    void navigator.clipboard?.writeText(answerAsText(turn)).catch(() => undefined);
  },
};

function renderEmpty(): void {
  conversation.append(
    h('li', { class: 'empty' },
      h('h2', {}, 'Ask the article'),
      h('p', {}, 'Answers quote the article word for word; click a numbered source to see the quote in place.'),
      h('div', { class: 'examples' },
        ...EXAMPLES.map((q) => h('button', { testid: 'example-question', attrs: { type: 'button' }, on: { click: () => void ask(q) } }, q)),
      ),
    ),
  );
}

/** Redraws one turn's answer in place (the question bubble never changes). */
function update(turn: Turn): void {
  const item = views.get(turn.id);
  const fresh = answerView(turn, actions);
  const old = item?.querySelector('[data-testid="answer"]');
  if (old) old.replaceWith(fresh);
  else item?.append(fresh);
}

function renderAll(): void {
  clear(conversation);
  views.clear();
  if (turns.length === 0) renderEmpty();
  for (const turn of turns) {
    const item = h('li', { class: 'turn' }, questionView(turn));
    views.set(turn.id, item);
    conversation.append(item);
    update(turn);
  }
}

function setBusy(busy: boolean): void {
  send.hidden = busy;
  stop.hidden = !busy;
  document.body.classList.toggle('busy', busy);
}

/** The conversation so far as chat messages: each finished answer's question and text. */
function historyBefore(turn: Turn): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const t of turns) {
    if (t === turn) break;
    if (t.state !== 'done') continue;
    messages.push({ role: 'user', content: t.question }, { role: 'assistant', content: t.text });
  }
  return messages;
}

async function ask(question: string, existing?: Turn): Promise<void> {
  const text = question.trim();
  if (!text || running) return;
  let turn = existing;
  if (turn) {
    Object.assign(turn, { state: 'streaming', text: '', citations: [], record: undefined, error: undefined, needsKey: undefined });
  } else {
    if (turns.length === 0) clear(conversation);
    turn = { id: newTurnId(), question: text, state: 'streaming', text: '', citations: [] };
    turns.push(turn);
    const item = h('li', { class: 'turn' }, questionView(turn));
    views.set(turn.id, item);
    conversation.append(item);
  }
  const current = turn;
  // Stored at once: a reload mid-answer keeps the question (restored as stopped).
  saveTurns(turns);
  update(current);
  views.get(current.id)?.scrollIntoView({ block: 'end' });
  running = new AbortController();
  setBusy(true);
  try {
    await streamChat([...historyBefore(current), { role: 'user', content: text }], {
      passages: () => undefined,
      delta: (piece, replace) => {
        current.text = replace ? piece : current.text + piece;
        if (replace) current.citations = [];
        update(current);
      },
      citation: (c) => {
        current.citations.push(c);
        update(current);
      },
      done: (record) => {
        Object.assign(current, { state: 'done', record, text: record.answer, citations: record.citations });
        update(current);
      },
    }, running.signal);
  } catch (error) {
    if (running.signal.aborted) current.state = 'stopped';
    else {
      current.state = 'error';
      current.error = error instanceof ApiError ? error.message : 'Something went wrong while answering.';
      current.needsKey = error instanceof ApiError && error.status === 401;
    }
    update(current);
  } finally {
    running = null;
    setBusy(false);
    saveTurns(turns);
    input.focus();
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const question = input.value;
  if (!question.trim() || running) return;
  input.value = '';
  void ask(question);
});

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    form.requestSubmit();
  }
});

stop.addEventListener('click', () => running?.abort());

byId('new-chat').addEventListener('click', () => {
  running?.abort();
  turns = [];
  saveTurns(turns);
  panel.close();
  renderAll();
  input.focus();
});

setBusy(false);
renderAll();
