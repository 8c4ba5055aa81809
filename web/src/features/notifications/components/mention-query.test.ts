import { describe, expect, it } from 'vitest';
import { matchTeammates, mentionQueryAt } from './mention-query';

describe('mentionQueryAt', () => {
  it.each([
    ['Hi @be', 6, { start: 3, query: 'be' }],
    ['@', 1, { start: 0, query: '' }],
    ['ask @Ben Br', 11, { start: 4, query: 'Ben Br' }],
    ['mail ana@acme', 13, null],
    ['no at sign', 10, null],
    ['@Ada Founder ', 13, null],
    ['@ana\nnext line', 14, null],
    ['@one two three four', 19, null],
  ])('%j at %i', (text, caret, expected) => {
    expect(mentionQueryAt(text, caret)).toEqual(expected);
  });
});

describe('matchTeammates', () => {
  const people = [
    { name: 'Ben Brown', email: 'ben@acme.example' },
    { name: 'Ada Founder', email: 'ada@acme.example' },
    { name: 'Grace Hopper', email: 'gh@acme.example' },
    { name: 'Bob Abel', email: 'bob@acme.example' },
  ];
  it.each([
    ['b', ['Ben Brown', 'Bob Abel']],
    ['ho', ['Grace Hopper']],
    ['gh', ['Grace Hopper']],
    ['ben b', ['Ben Brown']],
    ['zed', []],
    ['', ['Ada Founder', 'Ben Brown', 'Bob Abel', 'Grace Hopper']],
  ])('%j', (query, names) => {
    expect(matchTeammates(people, query).map((person) => person.name)).toEqual(names);
  });
});
