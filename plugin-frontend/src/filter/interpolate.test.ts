import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { interpolateFilter, interpolateList } from './interpolate';

const templateSrv = new FakeTemplateSrv([
  { name: 'ns', current: 'pets' },
  { name: 'nss', current: ['pets', 'kube-system'], options: ['pets', 'kube-system', 'default'] },
  { name: 'all', current: ['$__all'], options: ['a', 'b', 'c'] },
  { name: 'allCustom', current: '$__all', options: ['a', 'b'], allValue: '/' },
  { name: 'spaced', current: "it's a pod" },
  { name: 'pod', current: ['frontend', 'catalog'] },
  { name: 'dims', current: ['verdict', 'source_namespace'] },
]);

describe('interpolateFilter', () => {
  it('replaces a single-value variable in place', () => {
    expect(interpolateFilter('--namespace $ns --verdict DROPPED', templateSrv)).toBe(
      '--namespace pets --verdict DROPPED'
    );
  });

  it('turns a multi-value variable into one flag per value', () => {
    expect(interpolateFilter('--namespace ${nss} --protocol tcp', templateSrv)).toBe(
      '--namespace pets --namespace kube-system --protocol tcp'
    );
  });

  it('gives every expanded flag its own --not', () => {
    expect(interpolateFilter('--not --namespace $nss', templateSrv)).toBe(
      '--not --namespace pets --not --namespace kube-system'
    );
  });

  it('expands every combination when one value uses two multi-value variables', () => {
    expect(interpolateFilter('--pod $nss/$pod', templateSrv)).toBe(
      '--pod pets/frontend --pod pets/catalog --pod kube-system/frontend --pod kube-system/catalog'
    );
  });

  it('drops the flag of a variable set to All', () => {
    expect(interpolateFilter('--namespace $all --verdict DROPPED', templateSrv)).toBe('--verdict DROPPED');
    expect(interpolateFilter('--not --namespace $all', templateSrv)).toBe('');
  });

  it('uses a custom all value as it is', () => {
    expect(interpolateFilter('--namespace $allCustom', templateSrv)).toBe('--namespace /');
  });

  it('quotes values that contain spaces or quotes so they stay one argument', () => {
    expect(interpolateFilter('--pod $spaced', templateSrv)).toBe(`--pod "it's a pod"`);
    expect(interpolateFilter(`--http-path '^/x $ns$'`, templateSrv)).toBe(`--http-path '^/x pets$'`);
  });

  it('lets scoped variables (repeated panels) win over the dashboard value', () => {
    expect(interpolateFilter('--namespace $nss', templateSrv, { nss: { text: 'default', value: 'default' } })).toBe(
      '--namespace default'
    );
  });

  it('leaves unknown variables and filters without variables untouched', () => {
    expect(interpolateFilter('--namespace $nope', templateSrv)).toBe('--namespace $nope');
    expect(interpolateFilter("--label 'a b'", templateSrv)).toBe("--label 'a b'");
  });

  it('still replaces variables in a filter that does not parse, for the backend to report', () => {
    expect(interpolateFilter("--namespace $ns --pod 'x", templateSrv)).toBe("--namespace pets --pod 'x");
  });
});

describe('interpolateList', () => {
  it('expands a multi-value variable into several group-by names and drops All', () => {
    expect(interpolateList(['$dims', 'node'], templateSrv)).toEqual(['verdict', 'source_namespace', 'node']);
    expect(interpolateList(undefined, templateSrv)).toBeUndefined();
  });
});
