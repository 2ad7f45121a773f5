// The guarded space: every byte a program can reach (segments or the
// arena, the head/tail side buffer, the clone buffer), each region followed
// by canary bytes, addressed as offsets into one buffer so that memory,
// iovec entries and vector entries of the implementation and of the model
// compare as plain numbers.  Also the bytes the oracle feeds to calls
// (from_buf sources, what a socket peer sends).
//
// Private to oracle/src.
#pragma once

#include <iovcheck/model.h>
#include <iovcheck/oracle.h>
#include <iovcheck/program.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOVCHECK_ORACLE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define IOVCHECK_ORACLE_ASAN 1
#endif
#ifdef IOVCHECK_ORACLE_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace iovcheck::oracle_internal {

constexpr size_t kGuard = 16;  // canary bytes after every region (and before the first)
constexpr size_t kMaxStreamBytes = size_t{1} << 20;  // vectors growing past this: skipped

// Whether this build poisons the bytes no call may touch (ASan builds).
#ifdef IOVCHECK_ORACLE_ASAN
constexpr bool kPoisons = true;
inline void poison(void *p, size_t n) { ASAN_POISON_MEMORY_REGION(p, n); }
inline void unpoison(void *p, size_t n) { ASAN_UNPOISON_MEMORY_REGION(p, n); }
#else
constexpr bool kPoisons = false;
inline void poison(void *, size_t) {}
inline void unpoison(void *, size_t) {}
#endif

enum class RegionKind {
    Data,
    Canary,          // the canary after a region (or, index -2, before everything)
    Padding,         // canary bytes that place a segment's end on a page boundary
    GuardPage,       // the PROT_NONE page after a segment (Guards::GuardPages)
    ZeroLengthBase,  // where a zero-length segment points (poisoned under ASan)
};

struct Region {
    size_t begin, end;
    const char *name;  // "seg#" + index, or the name itself
    long index;        // -1: none
    RegionKind kind;
};

// Where everything lives; addresses are offsets into the space.
struct Space {
    size_t total = 0;
    // Bytes [0, compared) are compared after every call; the rest are the
    // zero-length segments' bases, poisoned under ASan so that any access
    // through them is reported where it happens.
    size_t compared = 0;
    std::vector<size_t> seg_base;
    size_t side_base = 0;
    size_t spare_base = 0, spare_len = 0;
    std::vector<Region> regions;
    std::vector<uint8_t> initial;  // the bytes before the first call
    bool guard_pages = false;      // some regions are GuardPage (page-aligned)
    // The byte ranges compared after every call: [0, compared), without
    // the guard pages, and in builds that do not poison them, the
    // zero-length segments' bases too (a write through one shows there).
    struct Span {
        size_t begin, end;
    };
    std::vector<Span> compared_spans;

    // A person's name for an address: "seg#3[5]", "canary after arena[0]"...
    std::string where(uintptr_t addr) const;
    std::string seg_text(const model::Seg &s) const;
};

inline uint8_t canary_byte(size_t addr) { return static_cast<uint8_t>(0x81 | ((addr * 37) & 0x7e)); }

// bytes[a] = canary_byte(a) for a in [begin, end).
void fill_canaries(uint8_t *bytes, size_t begin, size_t end);

// The bytes a from_buf source buffer holds, and a socket peer sends.
inline uint8_t pattern_byte(size_t op_index, size_t i)
{
    return static_cast<uint8_t>(i * 131 + op_index * 17 + 1);
}
std::vector<uint8_t> pattern(size_t op_index, size_t n);

// The space of layout `l`, with its initial bytes.
Space make_space(const Layout &l, Guards guards);

// make_space(l, guards), shared while consecutive checks on this thread
// have the same layout: a fuzz target checks each program in two modes,
// and most mutated inputs keep their layout.  The space is immutable, so
// sharing it is invisible to the checks.
std::shared_ptr<const Space> shared_space(const Layout &l, Guards guards);

// The implementation's copy of a space.  In builds that poison, the
// canaries, the padding and the zero-length segments' bases are poisoned, so
// that any access through them, a read too, is reported where it happens;
// guard pages are PROT_NONE.
class HostMemory {
public:
    explicit HostMemory(const Space &s);
    ~HostMemory();
    HostMemory(const HostMemory &) = delete;
    HostMemory &operator=(const HostMemory &) = delete;

    uint8_t *data() { return bytes_; }
    const uint8_t *data() const { return bytes_; }

    // The canaries readable for the oracle's own comparison, while it lives.
    class Readable {
    public:
        explicit Readable(HostMemory &m) : memory_(m) { memory_.unpoison_canaries(); }
        ~Readable() { memory_.poison_canaries(); }
        Readable(const Readable &) = delete;
        Readable &operator=(const Readable &) = delete;

    private:
        HostMemory &memory_;
    };

private:
    void poison_canaries();
    void unpoison_canaries();

    const Space &space_;
    uint8_t *bytes_ = nullptr;
    size_t mapped_ = 0;  // bytes mapped with mmap (guard pages); 0: allocated with new[]
};

// While it lives (on this thread), a fault on a guard page of `memory` is
// reported on stderr, naming the region and `who`, before the process dies
// of it.  The op under way is whatever *op_index and `program` say.
class GuardPageReport {
public:
    GuardPageReport(const Space &space, const HostMemory &memory, const std::string &who, const Program &program,
                    const size_t &op_index);
    ~GuardPageReport();
    GuardPageReport(const GuardPageReport &) = delete;
    GuardPageReport &operator=(const GuardPageReport &) = delete;
};

}  // namespace iovcheck::oracle_internal
