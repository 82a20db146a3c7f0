/** A small deterministic generator for test values (a 32-bit LCG; the library's generators are not under test where it is used). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
