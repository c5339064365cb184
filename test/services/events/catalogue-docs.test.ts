import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE, EVENT_TYPES } from '../../../functions/services/events/event-catalogue.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('the README\'s event table', () => {
  it('lists every event type, with every field of its data', () => {
    const rows = new Map(README.split('\n').filter((l) => l.startsWith('| `')).map((l) => [/^\| `([^`]+)`/.exec(l)![1]!, l]));
    for (const type of EVENT_TYPES) {
      const row = rows.get(type);
      expect(row, type).toBeDefined();
      for (const field of Object.keys(EVENT_CATALOGUE[type].data.shape)) expect(row, `${type}.${field}`).toContain(`\`${field}\``);
    }
  });
});
