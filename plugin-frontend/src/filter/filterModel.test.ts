import {
  displayedValue,
  dnsQueryClause,
  formatFilter,
  parseFilter,
  retargetClause,
  updateClause,
  viewClause,
} from './filterModel';

describe('parseFilter', () => {
  it('reads flags, values and --not as the CLI does', () => {
    expect(parseFilter('--namespace pets --verdict DROPPED --not --label k8s-app=kube-dns')).toEqual([
      { negated: false, flag: '--namespace', value: 'pets' },
      { negated: false, flag: '--verdict', value: 'DROPPED' },
      { negated: true, flag: '--label', value: 'k8s-app=kube-dns' },
    ]);
  });

  it('expands short aliases and --flag=value', () => {
    expect(parseFilter('-n kube-system --http-status=5+ -A')).toEqual([
      { negated: false, flag: '--namespace', value: 'kube-system' },
      { negated: false, flag: '--http-status', value: '5+' },
      { negated: false, flag: '--all-namespaces', value: undefined },
    ]);
  });

  it('accepts a pasted command line, bundled short flags and switches with =true/false', () => {
    expect(parseFilter('hubble observe flows -4A -nkube-system -t=drop --encrypted=false --follow=true')).toEqual([
      { negated: false, flag: '--ipv4', value: undefined },
      { negated: false, flag: '--all-namespaces', value: undefined },
      { negated: false, flag: '--namespace', value: 'kube-system' },
      { negated: false, flag: '--type', value: 'drop' },
      { negated: false, flag: '--follow', value: undefined },
    ]);
  });

  it('applies --not to the first flag of a bundle only', () => {
    expect(parseFilter('--not -4n pets')).toEqual([
      { negated: true, flag: '--ipv4', value: undefined },
      { negated: false, flag: '--namespace', value: 'pets' },
    ]);
  });

  it.each([
    ['-x', "unknown short flag '-x' at position 1"],
    ['--dns=yes', "flag '--dns' at position 0 is a switch and takes no value other than true or false, got 'yes'"],
    ['--not --not --pod a', "'--not' at position 6 follows another '--not'"],
    ['--pod a --not', "'--not' at position 8 has no flag after it"],
    ['--namespace', "flag '--namespace' at position 0 needs a value"],
    ['pets', "unexpected argument 'pets' at position 0; values follow a flag, e.g. --pod pets"],
  ])('rejects %p', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(message);
  });
});

describe('formatFilter', () => {
  it('writes the same string it read, quoting values that need it', () => {
    const text = "--from-pod default/frontend --not --http-path '^/api/(v1|v2)' --label 'k8s:app=my app'";
    expect(formatFilter(parseFilter(text))).toBe(text);
  });

  it('leaves out rows that are still missing a value', () => {
    expect(
      formatFilter([
        { negated: false, flag: '--namespace', value: '' },
        { negated: true, flag: '--verdict', value: 'DROPPED' },
      ])
    ).toBe('--not --verdict DROPPED');
  });
});

describe('clauses in the builder', () => {
  it('maps a flag to its field and end', () => {
    const view = viewClause({ negated: false, flag: '--to-workload', value: 'x' });
    expect(view.kind === 'field' && [view.field.id, view.direction]).toEqual(['workload', 'to']);
    expect(viewClause({ negated: false, flag: '--since', value: '5m' }).kind).toBe('other');
  });

  it('moves a clause to another end or field, keeping value and --not', () => {
    const clause = { negated: true, flag: '--namespace', value: 'pets' };
    expect(retargetClause(clause, 'namespace', 'from')).toEqual({
      negated: true,
      flag: '--from-namespace',
      value: 'pets',
    });
    expect(retargetClause(clause, 'verdict', 'from')).toEqual({ negated: true, flag: '--verdict', value: 'pets' });
  });

  it('writes a DNS query as an allowlist FlowFilter, and its negation as a denylist', () => {
    const clause = dnsQueryClause('^api\\.', false);
    expect(formatFilter([clause])).toBe(`--allowlist '{"dns_query":["^api\\\\."]}'`);
    expect(viewClause(parseFilter(formatFilter([clause]))[0]).kind).toBe('dnsQuery');
    const negated = updateClause(clause, { negated: true });
    expect(negated.flag).toBe('--denylist');
    expect(displayedValue(negated)).toEqual({ value: '^api\\.', negated: true });
  });
});
