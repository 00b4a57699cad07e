import { describe, expect, it } from 'vitest';
import { APP_SCHEMA } from '../../src/state/app-schema';
import { decodeState, encodeState } from '../../src/state/url-schema';

describe('app link: Pareto band', () => {
  it('reads a decile 1..10 and writes it back; none is left out of the link', () => {
    const d = decodeState('v=1&view=pareto&band=3', APP_SCHEMA);
    expect(d.problems).toEqual([]);
    expect(d.state.band).toBe(3);
    expect(encodeState(d.state, APP_SCHEMA)).toBe('v=1&view=pareto&band=3');
    expect(encodeState({ ...d.state, band: 0 }, APP_SCHEMA)).toBe('v=1&view=pareto');
  });

  it('falls back to no band, naming the parameter, for anything else', () => {
    for (const bad of ['11', '-1', '2.5', '03', 'x', '']) {
      const d = decodeState(`v=1&band=${bad}`, APP_SCHEMA);
      expect(d.state.band, bad).toBe(0);
      expect(d.problems, bad).toEqual([`band=${bad}`]);
    }
  });
});

describe('app link: currency', () => {
  it('defaults to the data’s currency and keeps a chosen ISO code or none', () => {
    expect(decodeState('v=1', APP_SCHEMA).state.currency).toBe('auto');
    for (const ok of ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD', 'none']) {
      const d = decodeState(`v=1&currency=${ok}`, APP_SCHEMA);
      expect(d.problems).toEqual([]);
      expect(d.state.currency).toBe(ok);
      expect(encodeState(d.state, APP_SCHEMA)).toBe(`v=1&currency=${ok}`);
    }
  });

  it('falls back to auto, naming the parameter, for anything else', () => {
    for (const bad of ['usd', 'US', 'DOLLAR', '$', '']) {
      const d = decodeState(`v=1&currency=${encodeURIComponent(bad)}`, APP_SCHEMA);
      expect(d.state.currency, bad).toBe('auto');
      expect(d.problems, bad).toEqual([`currency=${bad}`]);
    }
  });
});
