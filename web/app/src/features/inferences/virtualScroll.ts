// The geometry of the virtual span table: which rows a scroll position shows and where they go.
// Pure functions, no DOM. Rows have one fixed height; only the visible rows (plus an overscan) are
// rendered, between a top and a bottom spacer that keep the scroll space as tall as all the rows.
//
// Design note: browsers cap an element's height (Chromium about 33.5 million px, Firefox about 17.9
// million), so 1,000,000 rows of 32 px cannot be laid out at their real height. Past MAX_SPACE the
// scroll space is squeezed: the scroll position maps linearly onto the real ("virtual") position,
// so the first and the last pixel still reach the first and the last row, and the rows near the
// viewport are placed where that virtual position puts them.

/** The tallest scroll space laid out (px): under every browser's cap, with a margin. */
export const MAX_SPACE = 15_000_000;

/** What the layout depends on. */
export interface ViewportInput {
  /** Rows in the whole listing. */
  total: number;
  /** Height of one row (px). */
  rowHeight: number;
  /** Height of the scroll container's visible area (px), the sticky header included. */
  viewport: number;
  /** Height of the sticky header at the top of the scroll space (px). */
  header: number;
  /** The container's scrollTop (px). */
  scrollTop: number;
  /** Rows rendered above and below the visible ones. */
  overscan: number;
  /** The largest body height laid out (px); MAX_SPACE unless a test says otherwise. */
  maxSpace?: number;
}

/** The rows to render and the spacers around them. */
export interface ViewportLayout {
  /** Height of the rows' part of the scroll space (px): all rows, or MAX_SPACE when squeezed. */
  space: number;
  /** Virtual scroll per real scroll pixel (1 when nothing is squeezed). */
  ratio: number;
  /** The first row at least partly visible under the header. */
  firstVisible: number;
  /** Rows rendered: [start, end). */
  start: number;
  end: number;
  /** Spacer heights above and below the rendered rows (px). */
  top: number;
  bottom: number;
}

/** Height of the rows' scroll space and the virtual-per-real ratio. */
function scale(total: number, rowHeight: number, viewport: number, header: number, maxSpace: number) {
  const real = total * rowHeight;
  const space = Math.min(real, maxSpace);
  const realMax = header + real - viewport;
  const spaceMax = header + space - viewport;
  const ratio = space < real && spaceMax > 0 ? realMax / spaceMax : 1;
  return { space, ratio };
}

/** The rows a scroll position shows and the spacers that place them. */
export function layoutViewport(input: ViewportInput): ViewportLayout {
  const { total, rowHeight: h, viewport, header, overscan } = input;
  const { space, ratio } = scale(total, h, viewport, header, input.maxSpace ?? MAX_SPACE);
  const maxScroll = Math.max(0, header + space - viewport);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  // The virtual scroll position: where the rows would be scrolled without squeezing.
  const v = scrollTop * ratio;
  const rowsArea = Math.max(0, viewport - header);
  const firstVisible = Math.min(Math.max(0, Math.floor(v / h)), Math.max(0, total - 1));
  const lastVisible = Math.min(total, Math.ceil((v + rowsArea) / h));
  // Rows are placed at (scrollTop + i*h - v) in the body; none may sit above its top.
  const lowest = Math.max(0, Math.ceil((v - scrollTop) / h));
  const start = Math.min(total, Math.max(lowest, firstVisible - overscan));
  const top = total === 0 ? 0 : Math.max(0, scrollTop + start * h - v);
  // When squeezed, the rows below the viewport may not all fit in what is left of the space: render
  // only those that do, so the table never grows past the space (its scroll height stays put).
  const fit = start + Math.floor((space - top) / h + 1e-6);
  const end = Math.max(Math.min(start + 1, total), Math.min(total, lastVisible + overscan, fit));
  const bottom = Math.max(0, space - top - (end - start) * h);
  return { space, ratio, firstVisible, start, end, top, bottom };
}

/**
 * The scrollTop that brings row `index` fully into view (below the sticky header), or null when
 * it already is.
 */
export function scrollTopFor(index: number, input: Omit<ViewportInput, 'overscan'>): number | null {
  const { total, rowHeight: h, viewport, header } = input;
  const { ratio } = scale(total, h, viewport, header, input.maxSpace ?? MAX_SPACE);
  const v = input.scrollTop * ratio;
  const rowsArea = Math.max(h, viewport - header);
  let target: number;
  if (index * h < v) target = index * h;
  else if ((index + 1) * h > v + rowsArea) target = (index + 1) * h - rowsArea;
  else return null;
  // Rounded outward so the row is whole after the browser rounds scrollTop.
  const s = target / ratio;
  return index * h < v ? Math.floor(s) : Math.ceil(s);
}

/** Rows a PageUp/PageDown moves: the rows that fit under the header, less one for context. */
export function pageRows(viewport: number, header: number, rowHeight: number): number {
  return Math.max(1, Math.floor((viewport - header) / rowHeight) - 1);
}
