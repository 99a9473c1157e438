#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/igzip_lib.h>

/* Raw deflate decoding with Intel's ISA-L (igzip), for reading gzip'd logs: on a 1M-event day
 * it inflates the 47 MB in about 0.3 s where zlib 1.2.13 takes 0.55-0.6 s (docs/performance.md).
 * The gzip wrapper (header, CRC-32, length) stays JoinAudit's own (GzipInflater), so damage is
 * reported the same way whatever decodes the deflate data.
 *
 * Swift sees only an opaque pointer: ISA-L's state holds arrays of tens of kilobytes, which
 * Swift would import as tuples. */

/* The decoder, and its state before the call in progress. ISA-L's fast decoder notices some
 * invalid data only after it has written bytes decoded from the bits after it (a whole bad
 * copy, or hundreds of bytes), and those could complete lines that were never logged. So each
 * call starts from a copy of the state (87 KB, once per call of up to 256 KiB of output), and a
 * call that finds damage is replayed: quickly up to shortly before where it stopped, then a
 * byte at a time, which gives the same text as zlib and writes nothing past the damage. */
typedef struct {
    struct inflate_state live;
    struct inflate_state saved;
} joinaudit_inflater;

/* A decoder for one raw deflate stream after another; NULL when out of memory. */
static inline void *joinaudit_inflater_new(void) {
    joinaudit_inflater *decoder = malloc(sizeof *decoder);
    if (decoder != NULL) {
        isal_inflate_init(&decoder->live);
        decoder->live.crc_flag = ISAL_DEFLATE;
        decoder->live.hist_bits = 0; /* the full 32 KiB window */
    }
    return decoder;
}

static inline void joinaudit_inflater_free(void *decoder) { free(decoder); }

/* Ready for the next stream (the next gzip member's deflate data). */
static inline void joinaudit_inflater_reset(void *decoder) {
    isal_inflate_reset(&((joinaudit_inflater *)decoder)->live);
}

/* What one call did. */
typedef struct {
    /* ISA-L's status: 0, or negative for invalid data (ISAL_INVALID_BLOCK, ...SYMBOL,
     * ...LOOKBACK). */
    int32_t status;
    /* Whether the stream's final block has been decoded and all of its output handed out. */
    int32_t finished;
    /* Bytes of `input` taken, and of `output` filled. */
    uint32_t consumed;
    uint32_t produced;
    /* Whole bytes taken but not yet decoded (held in the decoder's bit buffer): the stream's
     * position is `consumed - held` bytes into the input, which, at the end of a stream, is
     * where its trailer starts. At most 8, and they may come from an earlier call's input. */
    uint32_t held;
} joinaudit_inflate_step;

static inline joinaudit_inflate_step joinaudit_inflate_once(struct inflate_state *state, const uint8_t *input,
                                                            uint32_t input_length, uint8_t *output,
                                                            uint32_t output_capacity) {
    state->next_in = (uint8_t *)input;
    state->avail_in = input_length;
    state->next_out = output;
    state->avail_out = output_capacity;
    joinaudit_inflate_step step;
    step.status = isal_inflate(state);
    step.finished = state->block_state == ISAL_BLOCK_FINISH;
    step.consumed = input_length - state->avail_in;
    step.produced = output_capacity - state->avail_out;
    step.held = state->read_in_length > 0 ? (uint32_t)state->read_in_length / 8 : 0;
    return step;
}

/* How far before the place a damaged call stopped its replay goes a byte at a time. The fast
 * decoder's overrun is a few hundred bytes of output, a few dozen of input. */
#define JOINAUDIT_INFLATE_REPLAY_MARGIN 4096u

static inline joinaudit_inflate_step joinaudit_inflate(void *decoder_pointer, const uint8_t *input,
                                                       uint32_t input_length, uint8_t *output,
                                                       uint32_t output_capacity) {
    joinaudit_inflater *decoder = (joinaudit_inflater *)decoder_pointer;
    memcpy(&decoder->saved, &decoder->live, sizeof decoder->live);
    joinaudit_inflate_step step = joinaudit_inflate_once(&decoder->live, input, input_length, output, output_capacity);
    if (step.status >= 0) return step;

    /* Damage: decode this call's input again from the saved state. */
    uint32_t stopped = step.consumed > step.held ? step.consumed - step.held : 0;
    uint32_t quickly = stopped > JOINAUDIT_INFLATE_REPLAY_MARGIN ? stopped - JOINAUDIT_INFLATE_REPLAY_MARGIN : 0;
    uint32_t used = 0, produced = 0;
    memcpy(&decoder->live, &decoder->saved, sizeof decoder->live);
    if (quickly > 0) {
        joinaudit_inflate_step first = joinaudit_inflate_once(&decoder->live, input, quickly, output, output_capacity);
        if (first.status >= 0 && (first.finished || first.produced == output_capacity)) return first;
        if (first.status >= 0) {
            used = first.consumed;
            produced = first.produced;
        } else {
            /* The damage lies further back than the margin: all of it a byte at a time. */
            memcpy(&decoder->live, &decoder->saved, sizeof decoder->live);
        }
    }
    joinaudit_inflate_step last;
    do {
        uint32_t piece = used < input_length ? 1 : 0;
        last = joinaudit_inflate_once(&decoder->live, input + used, piece, output + produced, output_capacity - produced);
        used += last.consumed;
        produced += last.produced;
    } while (last.status >= 0 && !last.finished && produced < output_capacity && used < input_length);
    last.consumed = used;
    last.produced = produced;
    return last;
}

/* The decoder's own output buffer. A call that finds invalid data hands out only what of this
 * buffer fits in its output, and keeps the rest: an output at least this large loses none of
 * the text decoded before the damage. */
static const uint32_t joinaudit_inflater_buffered_output =
    sizeof(((struct inflate_state *)0)->tmp_out_buffer);

#define JOINAUDIT_INFLATE_INVALID_BLOCK ISAL_INVALID_BLOCK
#define JOINAUDIT_INFLATE_INVALID_SYMBOL ISAL_INVALID_SYMBOL
#define JOINAUDIT_INFLATE_INVALID_LOOKBACK ISAL_INVALID_LOOKBACK
