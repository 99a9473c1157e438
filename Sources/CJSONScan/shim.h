#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Where the plain run of a JSON string's content ends: the index of the first byte at or after
 * `from` (and before `end`) that the parser must look at, a quote, a backslash, a control
 * byte below 0x20 or any byte of 0x80 and above; `end` when there is none. Bytes before `from`
 * and from `end` on are never read.
 *
 * Sixteen bytes a step with SSE2 (every x86-64 processor has it): one signed compare finds
 * both the control bytes and the non-ASCII ones, which are negative as signed bytes. The
 * parser's own loop, eight bytes a step in Swift, took 13 % of the reading thread's
 * instructions (callgrind, 100k-event day); the rest of a line, under 16 bytes, and other
 * processors go eight bytes then one at a time, as it did. */
static inline size_t joinaudit_json_plain_end(const uint8_t *bytes, size_t from, size_t end) {
    size_t i = from;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (i + 16 <= end) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(bytes + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                   _mm_cmplt_epi8(x, space));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    while (i + 8 <= end) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w); /* lane k is byte i + k */
#endif
        uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
        /* Exact at the lowest marked lane (a borrow may mark lanes above it only). */
        uint64_t marked = (((q - ones) & ~q) | ((b - ones) & ~b) | (w - ones * 0x20) | w) & high;
        if (marked != 0) return i + (size_t)(__builtin_ctzll(marked) >> 3);
        i += 8;
    }
    while (i < end) {
        uint8_t c = bytes[i];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
        i += 1;
    }
    return end;
}
