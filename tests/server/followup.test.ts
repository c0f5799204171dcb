import { describe, expect, it } from 'vitest';
import { isFollowUp, resolveQuestion } from '../../server/followup.js';

describe('isFollowUp', () => {
  it.each([
    ['And the second one?'],
    ['How big is it?'],
    ['What did they discuss?'],
    ['Roughly how many people turned up?'],
    ['Why?'],
  ])('leans on the conversation: %s', (question) => {
    expect(isFollowUp(question)).toBe(true);
  });

  it.each([
    ['What is ASEAN?'],
    ['Where did Lavrov meet Le Luong Minh?'],
    ['What happened in 2004?'],
    ['Why do the ASEAN countries need an economically and politically strong Russia?'],
  ])('stands on its own: %s', (question) => {
    expect(isFollowUp(question)).toBe(false);
  });
});

describe('resolveQuestion', () => {
  const forum = [
    { role: 'user' as const, content: 'When was the ASEAN-Russia Business Forum held?' },
    { role: 'assistant' as const, content: 'On June 22, 2013.' },
  ];

  it('searches a short question that names nothing together with the question before it', () => {
    expect(resolveQuestion('Roughly how many people turned up?', forum)).toEqual({
      standalone: 'When was the ASEAN-Russia Business Forum held: Roughly how many people turned up?',
      focus: 'Roughly how many people turned up?',
      context: 'When was the ASEAN-Russia Business Forum held?',
    });
  });

  it('swaps the ordinal of the previous question for the one asked', () => {
    const history = [{ role: 'user' as const, content: 'When was the first Russia-ASEAN summit held?' }];
    expect(resolveQuestion('And the second one?', history).standalone).toBe('When was the second Russia-ASEAN summit held?');
  });

  it('reads a follow-up with a question word of its own as its own question, the previous one (ordinal swapped) as context', () => {
    const history = [{ role: 'user' as const, content: 'When was the first Russia-ASEAN summit held?' }];
    expect(resolveQuestion('Where was the second one held?', history)).toEqual({
      standalone: 'When was the second Russia-ASEAN summit held: Where was the second one held?',
      focus: 'Where was the second one held?',
      context: 'When was the second Russia-ASEAN summit held?',
    });
  });

  it('leaves a question alone when there is no conversation before it', () => {
    expect(resolveQuestion('Roughly how many people turned up?')).toEqual({
      standalone: 'Roughly how many people turned up?',
      focus: 'Roughly how many people turned up?',
      context: '',
    });
  });
});
