// The virtual span table's geometry (web/app/src/features/inferences/virtualScroll.ts, pure): rows in view and their
// spacers at every scroll position, for listings small enough to lay out at their real height and
// for 1,000,000 rows, whose scroll space is squeezed under the browsers' element height cap and
// must still reach the first and the last row.
import { describe, expect, it } from 'vitest';
import {
  MAX_SPACE,
  layoutViewport,
  pageRows,
  scrollTopFor,
} from '../../web/app/src/features/inferences/virtualScroll.js';

const H = 32;
const VIEWPORT = 500;
const HEADER = 32;
const geometry = (total: number) => ({ total, rowHeight: H, viewport: VIEWPORT, header: HEADER });

/** Checks one layout: spacers and rows fill the space, and the first visible row sits under the header. */
function check(total: number, scrollTop: number) {
  const layout = layoutViewport({ ...geometry(total), scrollTop, overscan: 8 });
  expect(layout.top).toBeGreaterThanOrEqual(0);
  expect(layout.bottom).toBeGreaterThanOrEqual(0);
  expect(layout.top + (layout.end - layout.start) * H + layout.bottom).toBeCloseTo(layout.space, 3);
  expect(layout.start).toBeLessThanOrEqual(layout.firstVisible);
  expect(layout.end).toBeGreaterThan(layout.firstVisible);
  expect(layout.end - layout.start).toBeLessThan(60);
  // Where the first visible row shows in the viewport: across the header line.
  const y = HEADER + layout.top + (layout.firstVisible - layout.start) * H - scrollTop;
  expect(y).toBeGreaterThan(HEADER - H - 1e-6);
  expect(y).toBeLessThanOrEqual(HEADER + 1e-6);
  return layout;
}

describe('virtual table geometry', () => {
  it('lays out a small listing at its real height', () => {
    const total = 2_000;
    const max = HEADER + total * H - VIEWPORT;
    for (const s of [0, 1, 31, 32, 1000, 33_333, max - 1, max]) {
      const layout = check(total, s);
      expect(layout.ratio).toBe(1);
      expect(layout.space).toBe(total * H);
      expect(layout.top).toBe(layout.start * H);
    }
    const end = check(total, max);
    expect(end.end).toBe(total);
    expect(end.bottom).toBe(0);
  });

  it('squeezes 1,000,000 rows under the height cap and still reaches both ends', () => {
    const total = 1_000_000;
    const first = check(total, 0);
    expect(first.space).toBe(MAX_SPACE);
    expect(first.ratio).toBeGreaterThan(2);
    expect(first.start).toBe(0);
    expect(first.top).toBe(0);
    const max = HEADER + MAX_SPACE - VIEWPORT;
    const last = check(total, max);
    expect(last.end).toBe(total);
    expect(last.bottom).toBe(0);
    // The last row ends exactly at the viewport's bottom.
    expect(HEADER + last.top + (last.end - last.start) * H - max).toBeCloseTo(VIEWPORT, 3);
    // Every position in between shows rows in order, moving forward as the scroll does.
    let previous = -1;
    for (let s = 0; s <= max; s += 9_973) {
      const layout = check(total, s);
      expect(layout.firstVisible).toBeGreaterThanOrEqual(previous);
      previous = layout.firstVisible;
    }
  });

  it('scrolls a selected row fully into view, and leaves a visible one alone', () => {
    for (const total of [2_000, 1_000_000]) {
      for (const [index, from] of [
        [0, 5_000],
        [total - 1, 0],
        [Math.floor(total / 3), 0],
        [Math.floor(total / 3), HEADER + Math.min(total * H, MAX_SPACE) - VIEWPORT],
      ] as const) {
        const s = scrollTopFor(index, { ...geometry(total), scrollTop: from })!;
        expect(s).not.toBeNull();
        const layout = layoutViewport({ ...geometry(total), scrollTop: s, overscan: 0 });
        const y = HEADER + layout.top + (index - layout.start) * H - s;
        expect(y).toBeGreaterThanOrEqual(HEADER - 1e-6);
        expect(y + H).toBeLessThanOrEqual(VIEWPORT + 1e-6);
        expect(scrollTopFor(index, { ...geometry(total), scrollTop: s })).toBeNull();
      }
    }
    expect(pageRows(VIEWPORT, HEADER, H)).toBe(13);
  });
});
