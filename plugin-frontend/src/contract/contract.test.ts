import { firstValueFrom } from 'rxjs';

import { FakeBackend } from '../testing/fakeBackend';
import { FILTER_FIELDS, FLAG_ALIASES, PROTOCOLS, takesValue, VERDICTS } from '../filter/flagCatalog';
import { parseFilter } from '../filter/filterModel';
import { GROUP_BY_DIMENSIONS } from '../types';
import { DIMENSIONS, FILTER_FLAGS, findFlag } from './contract';

/** A value the backend would accept for the flag, so a whole filter can be written for each one. */
function sampleValue(flag: (typeof FILTER_FLAGS)[number]): string {
  return flag.choices[0] ?? 'x';
}

async function validate(backend: FakeBackend, filter: string) {
  const url = '/api/datasources/uid/netobs/resources/validate';
  const answer = await firstValueFrom(backend.fetch<unknown>({ url, method: 'POST', data: { filter } }));
  return answer.data;
}

describe('filter flag contract', () => {
  it('lists each long and short flag once', () => {
    const names = FILTER_FLAGS.map((f) => f.flag);
    const shorts = FILTER_FLAGS.flatMap((f) => (f.short ? [f.short] : []));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(names.every((n) => /^--[a-z0-9-]+$/.test(n))).toBe(true);
  });

  it('is what the frontend parser reads: every flag, with a value exactly when the backend wants one', () => {
    for (const flag of FILTER_FLAGS.filter((f) => f.flag !== '--not')) {
      const text = flag.takesValue ? `${flag.flag} ${sampleValue(flag)}` : flag.flag;
      const [clause] = parseFilter(text);
      expect({ flag: clause.flag, value: clause.value }).toEqual({
        flag: flag.flag,
        value: flag.takesValue ? sampleValue(flag) : undefined,
      });
    }
  });

  it('maps every short form to its long flag', () => {
    for (const flag of FILTER_FLAGS.filter((f) => f.short !== null)) {
      expect(FLAG_ALIASES[flag.short!]).toBe(flag.flag);
      const [clause] = parseFilter(flag.takesValue ? `${flag.short} ${sampleValue(flag)}` : flag.short!);
      expect(clause.flag).toBe(flag.flag);
    }
  });

  it('names only flags the backend accepts in the filter builder, each taking a value', () => {
    const builderFlags = FILTER_FIELDS.flatMap((field) => Object.values(field.flags));
    expect(builderFlags.length).toBeGreaterThan(0);
    for (const flag of builderFlags) {
      expect(findFlag(flag)).toBeDefined();
      expect(takesValue(flag)).toBe(true);
    }
  });

  it('offers the backend choices for closed value sets', () => {
    expect(VERDICTS).toEqual(findFlag('--verdict')!.choices);
    expect(VERDICTS).not.toContain('VERDICT_UNKNOWN');
    expect(PROTOCOLS).toEqual(findFlag('--protocol')!.choices);
    const identity = FILTER_FIELDS.find((f) => f.id === 'identity')!;
    expect(identity.options).toEqual(findFlag('--identity')!.choices);
  });

  it('lets the fake backend validate as the real one: contract flags pass, others are refused', async () => {
    const backend = new FakeBackend();
    const everyFlag = FILTER_FLAGS.filter((f) => f.flag !== '--not')
      .map((f) => (f.takesValue ? `${f.flag} ${sampleValue(f)}` : f.flag))
      .join(' ');
    expect(await validate(backend, everyFlag)).toMatchObject({ valid: true });

    // --print-raw-filters is a CLI flag the backend does not take; the fake used to let switches it did not know through.
    const refused = await validate(backend, '--namespace pets --print-raw-filters x');
    expect(refused).toMatchObject({ valid: false, error: { token: '--print-raw-filters' } });
  });
});

describe('group-by dimension contract', () => {
  it('is the list the query editor offers, in the backend order', () => {
    expect(GROUP_BY_DIMENSIONS).toEqual(DIMENSIONS.map((d) => d.name));
    expect(GROUP_BY_DIMENSIONS).toContain('drop_reason');
  });

  it('names every dimension in snake case with a description', () => {
    for (const dimension of DIMENSIONS) {
      expect(dimension.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(dimension.description.length).toBeGreaterThan(0);
    }
  });
});
