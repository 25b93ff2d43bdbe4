/**
 * Contracts shared with the C# backend, read from the JSON fixtures beside this file. The backend defines the filter
 * flags (NetObs.Hubble Filtering/Flags) and the group-by dimensions (NetObs.Query FlowDimensions) once; its tests
 * write these files and fail when they are stale, so the frontend never keeps its own copy of either list.
 */
import filterFlags from './filter-flags.json';
import groupByDimensions from './group-by-dimensions.json';

/** What a flag's value is, as the backend's ObserveValueKind names it. */
export type FlagValueKind =
  | 'switch'
  | 'text'
  | 'namespaced-name'
  | 'workload'
  | 'number'
  | 'port'
  | 'ip-address'
  | 'name-pattern'
  | 'regex'
  | 'label-selector'
  | 'choice'
  | 'choice-list'
  | 'identity'
  | 'event-type'
  | 'http-status'
  | 'http-header'
  | 'expression'
  | 'flow-filter-json'
  | 'time';

/** One flag the backend's filter parser accepts. */
export interface FlagContract {
  /** Long form, e.g. `--namespace`. */
  flag: string;
  /** One-letter form, e.g. `-n`, or null. */
  short: string | null;
  takesValue: boolean;
  value: FlagValueKind;
  /** The concept the flag serves (endpoint, label, http, …): one file per family in the backend. */
  family: string;
  description: string;
  /** The accepted values when they form a closed set; empty otherwise. */
  choices: string[];
}

/** One group-by dimension of the query model. */
export interface DimensionContract {
  name: string;
  description: string;
}

/** Every filter flag, in the backend's documentation order. */
export const FILTER_FLAGS: readonly FlagContract[] = filterFlags.flags as FlagContract[];

/** Every group-by dimension, in the backend's documentation order. */
export const DIMENSIONS: readonly DimensionContract[] = groupByDimensions.dimensions;

const FLAG_BY_NAME = new Map(FILTER_FLAGS.map((f) => [f.flag, f]));

/** The flag with this long name, or undefined when the backend does not accept it. */
export function findFlag(flag: string): FlagContract | undefined {
  return FLAG_BY_NAME.get(flag);
}

/** The flag with this long name; throws when the backend has no such flag, so a renamed flag fails every test. */
export function contractFlag(flag: string): FlagContract {
  const found = findFlag(flag);
  if (!found) {
    throw new Error(`The backend's filter flag contract (src/contract/filter-flags.json) has no flag '${flag}'.`);
  }
  return found;
}
