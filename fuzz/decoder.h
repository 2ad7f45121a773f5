// Bytes <-> Program: the one input format of the fuzz targets and of
// ci/repro.  The format is written down in FORMAT.md and at the top of
// decoder.cpp.
//
// decode() is total: every byte string decodes to a Program (missing bytes
// read as 0), without crashing and with bounded memory (at most 64 ops,
// 1100 segments and 2 KiB of segment bytes).  It is stable: the meaning of
// a byte string never changes; new operations only take the reserved entries of an
// opcode table (see FORMAT.md).
//
// encode() writes a Program as bytes that decode back to it, so seeds are
// written as readable Programs (make_seeds.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <iovcheck/program.h>

namespace iovcheck::fuzz {

// How a target reads the bytes: which operations its opcodes mean, how
// large its programs get and what its numbers lean towards.
enum class Flavour : uint8_t {
    Ops,       // fuzz_ops: the whole API
    Ranges,    // fuzz_ranges: lengths and offsets near SIZE_MAX, out-of-domain ranges
    Undo,      // fuzz_undo: discards front/back with undo records, and undo
    Clone,     // fuzz_clone: shared-arena (aliasing) layouts; clone, compare, copy
    SendRecv,  // fuzz_sendrecv: send/recv of ranges with a chunking peer
};

struct Decoded {
    Program program;
    bool also_lenient = false;  // header bit 0: check in Mode::Lenient too
};

Decoded decode(Flavour flavour, const uint8_t *data, size_t size);

// Bytes that decode (with `flavour`) to normalize(p) exactly, or nullopt
// when normalize(p) cannot be written in the format: an op the flavour's
// table lacks, a segment length over 4159, more than 1100 segments or 2 KiB
// of segment bytes, more than 32 distinct segment lengths (or arena
// offsets), an arena offset or fill seed over 255, a fill other than
// Layout::Fill::Seeded (the format's fill byte is that seed), too many ops,
// or a plain layout for Flavour::Clone.
std::optional<std::vector<uint8_t>> encode(Flavour flavour, const Program &p, bool also_lenient);

// The most operations a program of `flavour` has (decode() stops there).
size_t max_ops(Flavour flavour);

}  // namespace iovcheck::fuzz
