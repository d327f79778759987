import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUTTON_MAPS, MAX_SOCKET_MESSAGE_BYTES, pairResponse, ratingEvent } from '@onestop/shared';
import { blocks, frameBytes, largestValidRating, renderSocketDoc, SOCKET_DOC } from '../../scripts/docs/socket-doc.ts';

const page = () => fs.readFileSync(SOCKET_DOC, 'utf8');

describe('docs/protocols/socket.md', () => {
  it('is what npm run docs:socket writes from the shared schemas (run it after changing a schema, a reason or a scale)', () => {
    const current = page();
    expect(renderSocketDoc(current), 'docs/protocols/socket.md is not current: run `npm run docs:socket`').toBe(current);
  });

  it('keeps the prose outside the markers and rewrites only what is between them', () => {
    const current = page();
    const edited = current
      .replace('<!-- socket-doc:end pair-answer -->', '| `stale` | row |\n<!-- socket-doc:end pair-answer -->')
      .replace('## Reason codes', '## Reason codes\n\nA sentence another engineer wrote.');
    const out = renderSocketDoc(edited);
    expect(out).not.toContain('| `stale` | row |');
    expect(out).toContain('## Reason codes\n\nA sentence another engineer wrote.');
    expect(out).toBe(current.replace('## Reason codes', '## Reason codes\n\nA sentence another engineer wrote.'));
  });

  it('refuses a page that lost a block, so a generated table cannot silently disappear', () => {
    const current = page();
    const without = current.replace(/<!-- socket-doc:begin limits[\s\S]*?<!-- socket-doc:end limits -->/, '');
    expect(() => renderSocketDoc(without)).toThrow(/lacks the markers of: limits/);
  });

  it('names every field of the pairing answer and of a rating, with its type', () => {
    const b = blocks();
    for (const field of Object.keys(pairResponse.shape)) expect(b['pair-answer']).toContain(`| \`${field}\` |`);
    for (const field of Object.keys(ratingEvent.shape)) expect(b['rating-event']).toContain(`| \`${field}\` |`);
    expect(b['rating-event']).toContain('| `box.serial` | string matching `^[A-Za-z0-9-]{1,16}$` | always |');
    expect(b['box-status']).toContain('| `lastBeatAt` | number or `null` | always |');
  });

  it('shows each button count\'s default map as shared/src/scale.ts has it', () => {
    for (const [n, map] of Object.entries(DEFAULT_BUTTON_MAPS)) expect(blocks()['default-scales']).toMatch(new RegExp(`^\\| ${n} \\| ${map.map((s) => `${s} [^|]+`).join(' \\| ')} \\|`, 'm'));
  });

  it('the largest rating the schema accepts is far under the message bound', () => {
    expect(ratingEvent.safeParse(largestValidRating()).success).toBe(true);
    expect(frameBytes('rating:submit', largestValidRating(), 4_294_967_295)).toBeLessThan(MAX_SOCKET_MESSAGE_BYTES / 2);
  });

  it('lists every namespace the hub opens and every event it sends or listens to on them (walks hub/src)', () => {
    const src = fileURLToPath(new URL('../../hub/src', import.meta.url));
    const code = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => fs.readFileSync(path.join(src, f), 'utf8'))
      .join('\n');
    const table = blocks().events!;
    const namespaces = new Set([...code.matchAll(/namespace(?:<[^(]*>)?\(io, '(\/[a-z]+)'\)/g)].map((m) => m[1]!));
    // socket.io events, not the hub's own event bus (bus.emit / bus.on)
    const sent = new Set([...code.matchAll(/(?<!bus)\.emit\('([a-z]+:[a-z-]+)'/g)].map((m) => m[1]!));
    const heard = new Set([...code.matchAll(/socket\.on\('([a-z]+:[a-z-]+)'/g)].map((m) => m[1]!));
    expect(namespaces.size).toBeGreaterThanOrEqual(4);
    expect(sent.size).toBeGreaterThanOrEqual(10);
    expect([...namespaces].filter((n) => !table.includes(`| \`${n}\` |`))).toEqual([]);
    expect([...sent, ...heard].filter((e) => !table.includes(`| \`${e}\` |`))).toEqual([]);
  });
});
