import type { FinderPattern } from './finderPatterns';

/** Three finder patterns that sit like the corners of one QR code. Work-image pixels. */
export interface QrCandidate {
  /** Top-left, top-right, bottom-left (in the code's own orientation). */
  finders: [FinderPattern, FinderPattern, FinderPattern];
  module: number;
  dark: boolean;
  /** The code's outer edge (finder centres pushed out by 3.5 modules). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Lower is a better fit; candidates are tried best first. */
  score: number;
}

// A version 1 code has its finder centres 14 modules apart, version 40 has them 170 apart.
const MIN_LEG_MODULES = 12;
const MAX_LEG_MODULES = 176;

/**
 * Every triple of same-polarity, same-module-size finders forming an isosceles right angle with
 * a plausible module count between them. Only geometry, no pixels: cheap enough to try all
 * triples of the (bounded) finder list.
 */
export function groupFinders(finders: readonly FinderPattern[]): QrCandidate[] {
  const out: QrCandidate[] = [];
  const n = finders.length;
  for (let i = 0; i < n; i++) {
    const a = finders[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = finders[j]!;
      if (a.dark !== b.dark || !similarModule(a.module, b.module)) continue;
      for (let k = j + 1; k < n; k++) {
        const c = finders[k]!;
        if (c.dark !== a.dark || !similarModule(a.module, c.module)) continue;
        if (!similarModule(b.module, c.module)) continue;
        const candidate = asCorner(a, b, c);
        if (candidate) out.push(candidate);
      }
    }
  }
  return out.sort((p, q) => p.score - q.score);
}

function similarModule(p: number, q: number): boolean {
  return Math.max(p, q) <= Math.min(p, q) * 1.5 + 0.5;
}

function asCorner(a: FinderPattern, b: FinderPattern, c: FinderPattern): QrCandidate | null {
  const ab = Math.hypot(a.x - b.x, a.y - b.y);
  const ac = Math.hypot(a.x - c.x, a.y - c.y);
  const bc = Math.hypot(b.x - c.x, b.y - c.y);
  // The right-angle corner (top-left finder) is opposite the longest side.
  let corner: FinderPattern;
  let p: FinderPattern;
  let q: FinderPattern;
  let leg1: number;
  let leg2: number;
  let hyp: number;
  if (bc >= ab && bc >= ac) {
    [corner, p, q, leg1, leg2, hyp] = [a, b, c, ab, ac, bc];
  } else if (ac >= ab) {
    [corner, p, q, leg1, leg2, hyp] = [b, a, c, ab, bc, ac];
  } else {
    [corner, p, q, leg1, leg2, hyp] = [c, a, b, ac, bc, ab];
  }
  const legError = Math.abs(leg1 - leg2) / Math.max(leg1, leg2);
  if (legError > 0.15) return null;
  const hypError = Math.abs(hyp - Math.hypot(leg1, leg2)) / hyp;
  if (hypError > 0.1) return null;
  const module = (a.module + b.module + c.module) / 3;
  const legModules = (leg1 + leg2) / 2 / module;
  if (legModules < MIN_LEG_MODULES || legModules > MAX_LEG_MODULES) return null;
  // Order the legs so corner→p→q turns clockwise on screen (y down): p is then the top-right
  // finder and q the bottom-left one, whatever the code's rotation.
  if ((p.x - corner.x) * (q.y - corner.y) - (p.y - corner.y) * (q.x - corner.x) < 0) {
    [p, q] = [q, p];
  }
  const fourthX = p.x + q.x - corner.x;
  const fourthY = p.y + q.y - corner.y;
  const pad = 3.5 * module;
  const xs = [corner.x, p.x, q.x, fourthX];
  const ys = [corner.y, p.y, q.y, fourthY];
  // Module sizes that disagree with the spacing (a 37-module code read as 33) hint at a fake.
  const dimension = legModules + 7;
  const versionError = Math.abs((((dimension - 17) / 4) % 1) - 0.5) < 0.25 ? 0.05 : 0;
  const sizeSpread =
    (Math.max(a.module, b.module, c.module) - Math.min(a.module, b.module, c.module)) / module;
  return {
    finders: [corner, p, q],
    module,
    dark: a.dark,
    x0: Math.min(...xs) - pad,
    y0: Math.min(...ys) - pad,
    x1: Math.max(...xs) + pad,
    y1: Math.max(...ys) + pad,
    score:
      legError +
      hypError +
      versionError +
      sizeSpread * 0.2 -
      Math.min(a.hits, b.hits, c.hits) * 0.01,
  };
}
