/*
 * What a vectorised engine's draws and exp/log would cost on this machine, in instructions (docs/model.md,
 * "Seventh pass"). Threefry4x32-13 four counters at a time in 128-bit integer lanes (SSE2: the width WebAssembly
 * SIMD offers), checked against the scalar form, and glibc's vector exp and log (libmvec, two doubles a call).
 * Build and count:
 *   gcc -O2 -o simd-floor simd-floor.c -lmvec -lm
 *   valgrind --tool=callgrind ./simd-floor tf 1000000   (then 2000000: the difference / 1e6 / 4 is per block)
 *   valgrind --tool=callgrind ./simd-floor exp 1000000  (then 2000000: the difference / 1e6, less the loop alone, / 2 is per value)
 *   valgrind --tool=callgrind ./simd-floor log 1000000
 *   valgrind --tool=callgrind ./simd-floor scalar 1000000  (the scalar Threefry, one block a call)
 *   valgrind --tool=callgrind ./simd-floor loop 1000000    (the exp/log loop without the call: subtract it)
 */
#include <emmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROTL(x, r) (((x) << (r)) | ((x) >> (32 - (r))))
static uint32_t W[4];
__attribute__((noinline)) static void tf1(const uint32_t *k, uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3) {
  uint32_t k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = 0x1bd11bda ^ k0 ^ k1 ^ k2 ^ k3;
  uint32_t x0 = c0 + k0, x1 = c1 + k1, x2 = c2 + k2, x3 = c3 + k3;
#define R(a, b, c, d, ra, rb) x##a += x##b; x##b = ROTL(x##b, ra) ^ x##a; x##c += x##d; x##d = ROTL(x##d, rb) ^ x##c;
  R(0, 1, 2, 3, 10, 26) R(0, 3, 2, 1, 11, 21) R(0, 1, 2, 3, 13, 27) R(0, 3, 2, 1, 23, 5)
  x0 += k1; x1 += k2; x2 += k3; x3 += k4 + 1;
  R(0, 1, 2, 3, 6, 20) R(0, 3, 2, 1, 17, 11) R(0, 1, 2, 3, 25, 10) R(0, 3, 2, 1, 18, 20)
  x0 += k2; x1 += k3; x2 += k4; x3 += k0 + 2;
  R(0, 1, 2, 3, 10, 26) R(0, 3, 2, 1, 11, 21) R(0, 1, 2, 3, 13, 27) R(0, 3, 2, 1, 23, 5)
  x0 += k3; x1 += k4; x2 += k0; x3 += k1 + 3;
  R(0, 1, 2, 3, 6, 20)
  W[0] = x0; W[1] = x1; W[2] = x2; W[3] = x3;
}

/* Four blocks: counters (c0[j], c1, c2, c3) for lanes j = 0..3 (four firms), words out by lane. */
static __m128i V[4];
#define VROTL(x, r) _mm_or_si128(_mm_slli_epi32(x, r), _mm_srli_epi32(x, 32 - (r)))
__attribute__((noinline)) static void tf4(const uint32_t *k, __m128i c0, uint32_t c1, uint32_t c2, uint32_t c3) {
  uint32_t k4s = 0x1bd11bda ^ k[0] ^ k[1] ^ k[2] ^ k[3];
  __m128i k0 = _mm_set1_epi32((int)k[0]), k1 = _mm_set1_epi32((int)k[1]), k2 = _mm_set1_epi32((int)k[2]), k3 = _mm_set1_epi32((int)k[3]), k4 = _mm_set1_epi32((int)k4s);
  __m128i x0 = _mm_add_epi32(c0, k0), x1 = _mm_add_epi32(_mm_set1_epi32((int)c1), k1), x2 = _mm_add_epi32(_mm_set1_epi32((int)c2), k2), x3 = _mm_add_epi32(_mm_set1_epi32((int)c3), k3);
#define VR(a, b, c, d, ra, rb) x##a = _mm_add_epi32(x##a, x##b); x##b = _mm_xor_si128(VROTL(x##b, ra), x##a); x##c = _mm_add_epi32(x##c, x##d); x##d = _mm_xor_si128(VROTL(x##d, rb), x##c);
  VR(0, 1, 2, 3, 10, 26) VR(0, 3, 2, 1, 11, 21) VR(0, 1, 2, 3, 13, 27) VR(0, 3, 2, 1, 23, 5)
  x0 = _mm_add_epi32(x0, k1); x1 = _mm_add_epi32(x1, k2); x2 = _mm_add_epi32(x2, k3); x3 = _mm_add_epi32(x3, _mm_add_epi32(k4, _mm_set1_epi32(1)));
  VR(0, 1, 2, 3, 6, 20) VR(0, 3, 2, 1, 17, 11) VR(0, 1, 2, 3, 25, 10) VR(0, 3, 2, 1, 18, 20)
  x0 = _mm_add_epi32(x0, k2); x1 = _mm_add_epi32(x1, k3); x2 = _mm_add_epi32(x2, k4); x3 = _mm_add_epi32(x3, _mm_add_epi32(k0, _mm_set1_epi32(2)));
  VR(0, 1, 2, 3, 10, 26) VR(0, 3, 2, 1, 11, 21) VR(0, 1, 2, 3, 13, 27) VR(0, 3, 2, 1, 23, 5)
  x0 = _mm_add_epi32(x0, k3); x1 = _mm_add_epi32(x1, k4); x2 = _mm_add_epi32(x2, k0); x3 = _mm_add_epi32(x3, _mm_add_epi32(k1, _mm_set1_epi32(3)));
  VR(0, 1, 2, 3, 6, 20)
  V[0] = x0; V[1] = x1; V[2] = x2; V[3] = x3;
}

__m128d _ZGVbN2v_exp(__m128d);
__m128d _ZGVbN2v_log(__m128d);

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  const char *what = argv[1];
  long n = atol(argv[2]);
  uint32_t k[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
  uint64_t acc = 0;
  /* The vector form agrees with the scalar one, lane by lane. */
  for (uint32_t i = 0; i < 1000; i++) {
    tf4(k, _mm_set_epi32((int)(4 * i + 3), (int)(4 * i + 2), (int)(4 * i + 1), (int)(4 * i)), 7, 9, 11);
    for (int j = 0; j < 4; j++) {
      tf1(k, 4 * i + j, 7, 9, 11);
      for (int w = 0; w < 4; w++) {
        uint32_t lane[4];
        memcpy(lane, &V[w], 16);
        if (lane[j] != W[w]) { fprintf(stderr, "lane %d word %d differs at %u\n", j, w, i); return 1; }
      }
    }
  }
  if (strcmp(what, "tf") == 0) {
    for (long i = 0; i < n; i++) {
      tf4(k, _mm_set_epi32((int)(4 * i + 3), (int)(4 * i + 2), (int)(4 * i + 1), (int)(4 * i)), 7, 9, 11);
      acc += (uint32_t)_mm_cvtsi128_si32(V[0]);
    }
  } else if (strcmp(what, "scalar") == 0) {
    for (long i = 0; i < n; i++) { tf1(k, (uint32_t)i, 7, 9, 11); acc += W[0]; }
  } else {
    double s = 0;
    const int mode = strcmp(what, "exp") == 0 ? 1 : strcmp(what, "log") == 0 ? 2 : 0;
    for (long i = 0; i < n; i++) {
      __m128d x = _mm_set_pd(1.0 + 1e-7 * (double)i, 2.5 + 3e-7 * (double)i);
      __m128d y = mode == 1 ? _ZGVbN2v_exp(_mm_sub_pd(_mm_setzero_pd(), x)) : mode == 2 ? _ZGVbN2v_log(x) : x; /* "loop": the loop alone */
      double o[2];
      _mm_storeu_pd(o, y);
      s += o[0] + o[1];
    }
    acc = (uint64_t)s;
  }
  printf("%s %llu\n", what, (unsigned long long)acc);
  return 0;
}
