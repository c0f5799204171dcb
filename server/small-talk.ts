import { words } from '../ingest/tokenize.js';

/**
 * Words of greetings, thanks and acknowledgements ("hi", "thanks a lot", "ok, great"). A chat
 * message made only of them asks nothing; searching it quotes whatever shares a word with it
 * ("thanks" found "…thanks to the successful development of their dialogue partnership").
 */
const SMALL_TALK = new Set(
  (
    'hi hello hey hiya howdy greetings yo good morning afternoon evening day night ' +
    'thanks thank thx ty cheers much very lot so you a for that this the it ' +
    'ok okay k kk alright fine great cool nice awesome perfect excellent wonderful wow got understood sure yes yeah yep no nope ' +
    'bye goodbye see later ya care'
  ).split(' '),
);

/** Whether `message` is only small talk: a greeting, thanks or an acknowledgement, with nothing to look up. */
export function isSmallTalk(message: string): boolean {
  const list = words(message);
  return list.length > 0 && list.every((w) => SMALL_TALK.has(w));
}
