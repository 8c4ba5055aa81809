import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.js';

const PEOPLE = [
  { id: 'ana', name: 'Ana', email: 'ana@acme.example' },
  { id: 'ana-lima', name: 'Ana Lima', email: 'alima@acme.example' },
  { id: 'ben', name: 'Ben Brown', email: 'ben.brown@acme.example' },
  { id: 'zoe', name: 'Zoë Ñúñez', email: 'zoe@acme.example' },
];

describe('findMentions', () => {
  it.each([
    ['@Ana can you look?', ['ana']],
    ['@Ana Lima can you look?', ['ana-lima']],
    ['ask @ana, then @ben.brown.', ['ana', 'ben']],
    ['@Ben Brown and @Ben Brown again', ['ben']],
    ['@Anabel is not Ana', []],
    ['mail ana@acme.example is not a mention', []],
    ['@zoë ñúñez knows', ['zoe']],
    ['@alima (by email) and @Ana', ['ana-lima', 'ana']],
    ['no mention at all', []],
    ['@', []],
  ])('%s', (text, expected) => {
    expect(findMentions(text, PEOPLE)).toEqual(expected);
  });
});
