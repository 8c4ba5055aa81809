import { describe, expect, it } from 'vitest';
import { classifyInbound, type InboundKind } from './classify.js';

const customer = { address: 'carla@customer.example', name: 'Carla' };

describe('classifyInbound', () => {
  it.each<[string, Record<string, string>, string, string, InboundKind]>([
    ['an ordinary email', {}, 'text/plain', customer.address, 'email'],
    ['Auto-Submitted: auto-replied', { 'auto-submitted': 'auto-replied' }, 'text/plain', customer.address, 'auto_reply'],
    ['Auto-Submitted: no (a person wrote it)', { 'auto-submitted': 'no' }, 'text/plain', customer.address, 'email'],
    ['X-Autoreply', { 'x-autoreply': 'yes' }, 'text/plain', customer.address, 'auto_reply'],
    ['X-Autorespond', { 'x-autorespond': 'Out of office' }, 'text/plain', customer.address, 'auto_reply'],
    ['Precedence: bulk (a newsletter)', { precedence: 'bulk' }, 'text/plain', customer.address, 'bulk'],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }, 'text/plain', customer.address, 'auto_reply'],
    ['Precedence: junk (what vacation(1) sends)', { precedence: 'junk' }, 'text/plain', customer.address, 'auto_reply'],
    ['Precedence: list', { precedence: 'list' }, 'text/plain', customer.address, 'bulk'],
    ['List-Id alone', { 'list-id': 'Shapelib <shapelib.lists.example>' }, 'text/plain', customer.address, 'bulk'],
    ['List-Unsubscribe alone', { 'list-unsubscribe': '<mailto:leave@news.example>' }, 'text/plain', customer.address, 'bulk'],
    ['Auto-Submitted: auto-generated with List-Unsubscribe (a newsletter)', { 'auto-submitted': 'auto-generated', 'list-unsubscribe': '<https://news.example/u>' }, 'text/plain', customer.address, 'bulk'],
    ['Auto-Submitted: auto-replied on a list (an out-of-office)', { 'auto-submitted': 'auto-replied', 'list-id': '<team.example>' }, 'text/plain', customer.address, 'auto_reply'],
    ['Auto-Submitted: auto-generated without list headers', { 'auto-submitted': 'auto-generated' }, 'text/plain', customer.address, 'auto_reply'],
    ['X-Auto-Response-Suppress alone', { 'x-auto-response-suppress': 'All' }, 'text/plain', customer.address, 'email'],
    ['a delivery status report', {}, 'multipart/report; report-type=delivery-status; boundary=x', 'postmaster@mx.example', 'bounce'],
    ['mail from MAILER-DAEMON', {}, 'text/plain', 'MAILER-DAEMON@mx.example', 'bounce'],
    ['an empty Return-Path', { 'return-path': '<>' }, 'text/plain', 'notices@mx.example', 'bounce'],
  ])('%s', (_name, headers, contentType, from, expected) => {
    const map = new Map(Object.entries(headers).map(([name, value]) => [name, [value]]));
    expect(classifyInbound({ headers: map, contentType, from: { address: from, name: null } })).toBe(expected);
  });

  it('keeps a person answering our message through a list as their email', () => {
    const headers = new Map([
      ['list-id', ['Users <users.lists.example>']],
      ['precedence', ['list']],
    ]);
    expect(classifyInbound({ headers, contentType: 'text/plain', from: customer, answersUs: true })).toBe('email');
    expect(classifyInbound({ headers, contentType: 'text/plain', from: customer, answersUs: false })).toBe('bulk');
  });
});
