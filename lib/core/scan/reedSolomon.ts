// Reed–Solomon error correction over GF(256) as QR uses it: field polynomial x⁸+x⁴+x³+x²+1
// (0x11D), generator roots α⁰…α^(n−1) (first consecutive root 0).

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  // Doubled so exp[log a + log b] needs no modulo.
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

function div(a: number, b: number): number {
  // b is never 0 here: callers divide by non-zero discrepancies and derivative values.
  return a === 0 ? 0 : EXP[LOG[a]! + 255 - LOG[b]!]!;
}

/** α^e for any integer e. */
function alphaPow(e: number): number {
  return EXP[((e % 255) + 255) % 255]!;
}

/** Evaluates a polynomial given lowest degree first. */
function evalLowFirst(poly: readonly number[], x: number): number {
  let y = 0;
  for (let i = poly.length - 1; i >= 0; i--) y = mul(y, x) ^ poly[i]!;
  return y;
}

/**
 * Corrects `block` (data then `ecc` check codewords, highest-degree coefficient first) in place.
 * Returns false when the errors exceed what `ecc` codewords can repair (Berlekamp–Massey,
 * Chien search, Forney).
 */
export function correctErrors(block: Uint8Array, ecc: number): boolean {
  const n = block.length;
  const syndromes = new Array<number>(ecc);
  let clean = true;
  for (let i = 0; i < ecc; i++) {
    const x = alphaPow(i);
    let s = 0;
    for (let k = 0; k < n; k++) s = mul(s, x) ^ block[k]!;
    syndromes[i] = s;
    if (s !== 0) clean = false;
  }
  if (clean) return true;

  // Berlekamp–Massey: the shortest LFSR (error locator Λ, lowest degree first) generating S.
  let lambda = [1];
  let prev = [1];
  let errors = 0;
  let shift = 1;
  let prevDiscrepancy = 1;
  for (let r = 0; r < ecc; r++) {
    let d = syndromes[r]!;
    for (let i = 1; i <= errors; i++) d ^= mul(lambda[i] ?? 0, syndromes[r - i]!);
    if (d === 0) {
      shift++;
      continue;
    }
    const scale = div(d, prevDiscrepancy);
    const next = lambda.slice();
    for (let i = 0; i < prev.length; i++) {
      next[i + shift] = (next[i + shift] ?? 0) ^ mul(scale, prev[i]!);
    }
    if (2 * errors <= r) {
      prev = lambda;
      errors = r + 1 - errors;
      prevDiscrepancy = d;
      shift = 1;
    } else {
      shift++;
    }
    lambda = next;
  }
  if (2 * errors > ecc) return false;
  while (lambda.length > errors + 1) {
    if (lambda[lambda.length - 1] !== 0) return false;
    lambda.pop();
  }

  // Chien search: position k (from the start) has locator X = α^(n−1−k); Λ(X⁻¹) = 0 there.
  const positions: number[] = [];
  for (let k = 0; k < n; k++) {
    if (evalLowFirst(lambda, alphaPow(-(n - 1 - k))) === 0) positions.push(k);
  }
  if (positions.length !== errors) return false;

  // Forney with first root α⁰: e = X · Ω(X⁻¹) / Λ'(X⁻¹), Ω = S·Λ mod x^ecc.
  const omega = new Array<number>(ecc).fill(0);
  for (let i = 0; i < ecc; i++) {
    for (let j = 0; j < lambda.length && i + j < ecc; j++) {
      omega[i + j] = omega[i + j]! ^ mul(syndromes[i]!, lambda[j]!);
    }
  }
  // Formal derivative in characteristic 2 keeps the odd-degree terms only.
  const derivative: number[] = [];
  for (let i = 1; i < lambda.length; i++) derivative[i - 1] = i % 2 === 1 ? lambda[i]! : 0;
  for (const k of positions) {
    const x = alphaPow(n - 1 - k);
    const xInv = alphaPow(-(n - 1 - k));
    const denominator = evalLowFirst(derivative, xInv);
    if (denominator === 0) return false;
    block[k] = block[k]! ^ mul(x, div(evalLowFirst(omega, xInv), denominator));
  }

  // A miscorrection shows up as non-zero syndromes; refuse rather than return wrong data.
  for (let i = 0; i < ecc; i++) {
    const x = alphaPow(i);
    let s = 0;
    for (let k = 0; k < n; k++) s = mul(s, x) ^ block[k]!;
    if (s !== 0) return false;
  }
  return true;
}
