import { describe, expect, it } from 'vitest';
import { baseSubject, replySubject } from './subject.js';

describe('baseSubject', () => {
  it.each([
    ['Calendar sync drops my events', 'calendar sync drops my events'],
    ['Re: Calendar sync drops my events', 'calendar sync drops my events'],
    ['RE: Re: Fwd: Calendar sync drops my events', 'calendar sync drops my events'],
    ['AW: Kalender', 'kalender'],
    ['WG: Kalender', 'kalender'],
    ['SV: Kalender', 'kalender'],
    ['Antw: Agenda', 'agenda'],
    ['RV: Agenda', 'agenda'],
    ['TR: Agenda', 'agenda'],
    ['Re[2]: Agenda', 'agenda'],
    ['[wholegrain-users] Re: Agenda', 'agenda'],
    ['回复: 日历同步', '日历同步'],
    ['Réunion de lundi', 'réunion de lundi'],
    ['Re:   spaced    out ', 'spaced out'],
  ])('%s → %s', (subject, expected) => {
    expect(baseSubject(subject)).toBe(expected);
  });

  it('does not strip words that merely start like a prefix', () => {
    expect(baseSubject('Return policy')).toBe('return policy');
    expect(baseSubject('Tracking number')).toBe('tracking number');
  });
});

describe('replySubject', () => {
  it.each([
    ['Calendar sync', 'Re: Calendar sync'],
    ['Re: Calendar sync', 'Re: Calendar sync'],
    ['RE: AW: Calendar sync', 'Re: Calendar sync'],
    ['', 'Re: (no subject)'],
    ['[Acme] Re: Calendar sync', 'Re: Calendar sync'],
  ])('%s → %s', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });
});
