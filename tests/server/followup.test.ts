import { describe, expect, it } from 'vitest';
import { isFollowUp, leadingStatement, resolveQuestion } from '../../server/followup.js';

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
    // Small talk, and a question about the article as a whole.
    ['Thanks a lot!'],
    ['What is this article about?'],
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

  it('passes over small talk between a question and its follow-up', () => {
    const history = [...forum, { role: 'user' as const, content: 'thanks!' }, { role: 'assistant' as const, content: 'The article does not say.' }];

    expect(resolveQuestion('Roughly how many people turned up?', history).context).toBe('When was the ASEAN-Russia Business Forum held?');
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

  it('reads a question that leans on a statement before it in the same message against the statement', () => {
    expect(resolveQuestion('The action program ran until 2015; what was being prepared to follow it?')).toEqual({
      standalone: 'The action program ran until 2015: what was being prepared to follow it?',
      focus: 'what was being prepared to follow it?',
      context: 'The action program ran until 2015',
    });
    // The statement comes after the earlier turns, as the latest thing said.
    const history = [{ role: 'user' as const, content: 'What did the Kuala Lumpur summit adopt?' }];
    expect(resolveQuestion('It set up a program. What came after it?', history).context).toBe('What did the Kuala Lumpur summit adopt: It set up a program');
  });

  it('reads a statement-and-question message whole when the question names its own ordinal or year, or stands on its own', () => {
    for (const question of [
      'The first summit was in Kuala Lumpur. Where was the second one held?',
      'Russia joined the forum early — what happened in 2004?',
      'The author is Vietnamese; why do the ASEAN countries need an economically and politically strong Russia?',
    ]) {
      expect(resolveQuestion(question)).toEqual({ standalone: question, focus: question, context: '' });
    }
  });
});

describe('leadingStatement', () => {
  it.each([
    ['The year 2001 saw two events; what were they?', 'The year 2001 saw two events', 'what were they?'],
    ['SCO – what year did it emerge?', 'SCO', 'what year did it emerge?'],
    ['The author calls ASEAN a core of integration: does Russia see it that way?', 'The author calls ASEAN a core of integration', 'does Russia see it that way?'],
    ['Russia joined in 1996. Who coordinated its ties?', 'Russia joined in 1996', 'Who coordinated its ties?'],
  ])('splits a statement from the question after it: %s', (message, statement, question) => {
    expect(leadingStatement(message)).toEqual({ statement, question });
  });

  it.each([
    ['When was the first summit held; where was it?'],
    ['So how does the writer judge that bet — did it pay off?'],
    ['Which cooperation program covered 2005-2015?'],
    ['What did the SCO do in 2001?'],
  ])('finds none where the message opens as a question or has no second part: %s', (message) => {
    expect(leadingStatement(message)).toBeUndefined();
  });
});

