import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues, issueLines } from './issues.js';

const schema = z.object({ name: z.string().min(1, 'a name'), scale: z.object({ buttons: z.number().int() }) });

describe('formatIssues', () => {
  it('joins every issue as "path: message"', () => {
    const r = schema.safeParse({ name: '', scale: { buttons: 2.5 } });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toBe('name: a name; scale.buttons: Invalid input: expected int, received number');
  });

  it('names the value itself with root, or gives the messages alone with null', () => {
    const r = schema.safeParse(42);
    expect(issueLines(r.error!, 'body')).toEqual(['body: Invalid input: expected object, received number']);
    expect(formatIssues(r.error!)).toBe(': Invalid input: expected object, received number');
    expect(formatIssues(r.error!, null)).toBe('Invalid input: expected object, received number');
  });
});
