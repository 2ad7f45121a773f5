// The guarded space (see guarded_space.h): where every region lives, and
// the bytes it holds before the first call.
#include "guarded_space.h"

#include <algorithm>
#include <array>
#include <bit>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <sys/mman.h>
#include <unistd.h>

namespace iovcheck::oracle_internal {

using model::Seg;

std::string Space::where(uintptr_t addr) const
{
    for (const Region &r : regions) {
        // A zero-length region is named by its start too.
        if ((addr >= r.begin && addr < r.end) || (addr == r.begin && r.begin == r.end)) {
            std::string name = r.name;
            if (r.index >= 0) {
                name += std::to_string(r.index);
            }
            if (r.kind == RegionKind::Canary) {
                name = r.index == -2 ? "canary before everything" : "canary after " + name;
            }
            if (r.kind == RegionKind::Padding) {
                name = "padding before " + name;
            }
            if (r.kind == RegionKind::GuardPage) {
                name = "guard page after " + name;
            }
            if (r.kind == RegionKind::ZeroLengthBase) {
                return name + " (zero-length: its base is never to be dereferenced)";
            }
            return name + "[" + std::to_string(addr - r.begin) + "]";
        }
    }
    if (addr == total) {
        return "end of guarded memory";
    }
    std::ostringstream out;
    out << "outside guarded memory (offset " << static_cast<intptr_t>(addr) << ")";
    return out.str();
}

std::string Space::seg_text(const Seg &s) const
{
    // Appended piece by piece: `"{" + where(...)` trips g++ 12's -Wrestrict
    // false positive in Release builds.
    std::string text = "{";
    text += where(s.base);
    text += ", len ";
    text += std::to_string(s.len);
    text += '}';
    return text;
}

// bytes[a] = canary_byte(a) for a in [begin, end).  canary_byte repeats
// every 128 addresses, so whole runs are copied from one table (a byte at a
// time this was most of make_space's loop over regions).
void fill_canaries(uint8_t *bytes, size_t begin, size_t end)
{
    static const std::array<uint8_t, 256> table = [] {
        std::array<uint8_t, 256> t{};
        for (size_t a = 0; a < t.size(); a++) {
            t[a] = canary_byte(a);
        }
        return t;
    }();
    for (size_t a = begin; a < end;) {
        const size_t n = std::min<size_t>(end - a, 128);
        std::memcpy(bytes + a, table.data() + a % 128, n);
        a += n;
    }
}

namespace {

uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The initial byte of every address of `bytes`, as if all were data: one
// hash gives the 8 bytes of an aligned 8-byte word (hashing every byte was
// most of make_space).  Odd seeds keep only the bytes whose two low bits
// are zero, so about three bytes in four are zero.
void fill_data(std::vector<uint8_t> &bytes, uint32_t seed)
{
    if (seed == 0) {
        std::fill(bytes.begin(), bytes.end(), 0);
        return;
    }
    constexpr uint64_t kLowByteBits = 0x0101010101010101ull;
    for (size_t word_start = 0; word_start < bytes.size(); word_start += 8) {
        uint64_t word = mix((uint64_t{seed} << 32) ^ (word_start / 8));
        if (seed & 1) {
            // 1 in each byte whose two low bits are not both zero ...
            const uint64_t nonzero_low = (word | (word >> 1)) & kLowByteBits;
            word &= ~(nonzero_low * 0xff);  // ... and that byte cleared
        }
        const size_t n = std::min<size_t>(8, bytes.size() - word_start);
        if (std::endian::native == std::endian::little && n == 8) {
            std::memcpy(bytes.data() + word_start, &word, 8);  // the loop below, in one store
        } else {
            for (size_t k = 0; k < n; k++) {
                bytes[word_start + k] = static_cast<uint8_t>(word >> (8 * k));
            }
        }
    }
}

// Layout::Fill::Sparse: zero, then in each 8-byte word chosen with
// probability 2^-(3 + seed % 8) one byte at an offset the hash picks, never
// zero.
void fill_sparse(std::vector<uint8_t> &bytes, uint32_t seed)
{
    std::fill(bytes.begin(), bytes.end(), 0);
    const uint64_t rare = (uint64_t{8} << (seed % 8)) - 1;
    constexpr uint64_t kSparseSalt = 0x5eed5a17ull << 40;  // not the seeded fill's words
    for (size_t word_start = 0; word_start < bytes.size(); word_start += 8) {
        const uint64_t h = mix(((uint64_t{seed} << 32) ^ (word_start / 8)) ^ kSparseSalt);
        const size_t at = word_start + ((h >> 16) & 7);
        if ((h & rare) == 0 && at < bytes.size()) {
            bytes[at] = static_cast<uint8_t>(1 + (h >> 32) % 255);
        }
    }
}

}  // namespace

std::vector<uint8_t> pattern(size_t op_index, size_t n)
{
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; i++) {
        bytes[i] = pattern_byte(op_index, i);
    }
    return bytes;
}

namespace {

size_t page_size()
{
    static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    return size;
}

size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

// The spans compared after every call (see Space::compared_spans).
std::vector<Space::Span> compared_spans(const Space &s)
{
    std::vector<Space::Span> spans;
    size_t begin = 0;
    for (const Region &r : s.regions) {
        if (r.kind == RegionKind::GuardPage) {
            spans.push_back({begin, r.begin});
            begin = r.end;
        }
    }
    spans.push_back({begin, kPoisons ? s.compared : s.total});
    return spans;
}

}  // namespace

Space make_space(const Layout &l, Guards guards)
{
    Space s;
    s.guard_pages = guards == Guards::GuardPages && !l.shared_arena;
    size_t pos = kGuard;
    auto add = [&](const char *name, long index, size_t len) {
        s.regions.push_back({pos, pos + len, name, index, RegionKind::Data});
        const size_t base = pos;
        pos += len;
        s.regions.push_back({pos, pos + kGuard, name, index, RegionKind::Canary});
        pos += kGuard;
        return base;
    };
    // A segment that ends on a page boundary, followed by a guard page.
    auto add_before_guard_page = [&](long index, size_t len) {
        const size_t base = round_up(pos + len, page_size()) - len;
        if (base > pos) {
            s.regions.push_back({pos, base, "seg#", index, RegionKind::Padding});
        }
        s.regions.push_back({base, base + len, "seg#", index, RegionKind::Data});
        s.regions.push_back({base + len, base + len + page_size(), "seg#", index, RegionKind::GuardPage});
        pos = base + len + page_size();
        return base;
    };
    s.regions.reserve(3 * l.seg_len.size() + 8);
    s.regions.push_back({0, kGuard, "", -2, RegionKind::Canary});
    size_t data_bytes = 0;
    if (l.shared_arena) {
        const size_t arena = add("arena", -1, l.arena_size);
        for (size_t off : l.arena_offset) {
            s.seg_base.push_back(arena + off);
        }
        data_bytes = l.arena_size;
    } else {
        s.seg_base.resize(l.seg_len.size());
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            if (l.seg_len[i] > 0) {
                const auto index = static_cast<long>(i);
                s.seg_base[i] = s.guard_pages ? add_before_guard_page(index, l.seg_len[i])
                                              : add("seg#", index, l.seg_len[i]);
                data_bytes += l.seg_len[i];
            }
        }
    }
    s.side_base = add("head/tail buffer", -1, kSideLen);
    s.spare_len = data_bytes + kSideLen;
    s.spare_base = add("clone buffer", -1, s.spare_len);
    s.compared = pos;
    if (!l.shared_arena) {
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            if (l.seg_len[i] == 0) {
                s.regions.push_back({pos, pos + 1, "seg#", static_cast<long>(i), RegionKind::ZeroLengthBase});
                s.seg_base[i] = pos++;
            }
        }
    }
    s.total = pos;
    s.initial.resize(s.total);
    if (l.fill == Layout::Fill::Sparse) {
        fill_sparse(s.initial, l.fill_seed);
    } else {
        fill_data(s.initial, l.fill_seed);
    }
    for (const Region &r : s.regions) {
        if (r.kind != RegionKind::Data) {
            fill_canaries(s.initial.data(), r.begin, r.end);
        }
    }
    s.compared_spans = compared_spans(s);
    return s;
}

namespace {

bool same_layout(const Layout &a, const Layout &b)
{
    // Does not compile when Layout gains a field: compare that one too.
    const auto &[seg_len, shared_arena, arena_size, arena_offset, fill, fill_seed] = a;
    return seg_len == b.seg_len && shared_arena == b.shared_arena && arena_size == b.arena_size &&
           arena_offset == b.arena_offset && fill == b.fill && fill_seed == b.fill_seed;
}

}  // namespace

std::shared_ptr<const Space> shared_space(const Layout &l, Guards guards)
{
    struct Last {
        Layout layout;
        Guards guards = Guards::Canaries;
        std::shared_ptr<const Space> space;
    };
    thread_local Last last;
    if (!last.space || last.guards != guards || !same_layout(last.layout, l)) {
        last.space = std::make_shared<const Space>(make_space(l, guards));
        last.layout = l;
        last.guards = guards;
    }
    return last.space;
}

HostMemory::HostMemory(const Space &s) : space_(s)
{
    if (s.guard_pages) {
        mapped_ = round_up(s.total, page_size());
        void *p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            std::perror("iovcheck oracle: mmap of the guarded space");
            std::abort();
        }
        bytes_ = static_cast<uint8_t *>(p);
    } else {
        bytes_ = new uint8_t[s.total];
    }
    std::memcpy(bytes_, s.initial.data(), s.total);
    for (const Region &r : s.regions) {
        if (r.kind == RegionKind::GuardPage && mprotect(bytes_ + r.begin, r.end - r.begin, PROT_NONE) != 0) {
            std::perror("iovcheck oracle: mprotect of a guard page");
            std::abort();
        }
    }
    poison(bytes_ + s.compared, s.total - s.compared);
    poison_canaries();
}

HostMemory::~HostMemory()
{
    unpoison(bytes_, space_.total);
    if (mapped_) {
        munmap(bytes_, mapped_);
    } else {
        delete[] bytes_;
    }
}

void HostMemory::poison_canaries()
{
    if constexpr (kPoisons) {
        for (const Region &r : space_.regions) {
            if (r.kind == RegionKind::Canary || r.kind == RegionKind::Padding) {
                poison(bytes_ + r.begin, r.end - r.begin);
            }
        }
    }
}

void HostMemory::unpoison_canaries() { unpoison(bytes_, space_.compared); }

namespace {

// The guarded spaces of the checks under way on this thread, for the fault handler.
struct GuardedCheck {
    const Space *space;
    const uint8_t *base;
    const std::string *who;
    const Program *program;
    const size_t *op_index;
};
thread_local GuardedCheck guarded_checks[2];
thread_local int guarded_check_count = 0;
struct sigaction previous_segv_action;

// Names the guard page a fault hit, then hands the fault back to the
// previous action (the access faults again: ASan's report, or death by
// SIGSEGV).  Not async-signal-safe, which a process about to die can afford.
extern "C" void on_guard_page_fault(int, siginfo_t *info, void *)
{
    sigaction(SIGSEGV, &previous_segv_action, nullptr);
    const auto *addr = static_cast<const uint8_t *>(info->si_addr);
    for (int k = 0; k < guarded_check_count; k++) {
        const GuardedCheck &c = guarded_checks[k];
        if (addr < c.base || addr >= c.base + c.space->total) {
            continue;
        }
        const std::string where = c.space->where(static_cast<uintptr_t>(addr - c.base));
        const size_t i = *c.op_index;
        const std::string call = i < c.program->ops.size() ? describe(c.program->ops[i]) : "?";
        std::fprintf(stderr,
                     "iovcheck oracle: %s: the call touched %s, a PROT_NONE page: a read or write past the "
                     "segment's end\ncall:     op#%zu %s\nprogram (normalized):\n%s",
                     c.who->c_str(), where.c_str(), i, call.c_str(), describe(*c.program).c_str());
        std::fflush(stderr);
        return;
    }
}

}  // namespace

GuardPageReport::GuardPageReport(const Space &space, const HostMemory &memory, const std::string &who,
                                 const Program &program, const size_t &op_index)
{
    if (guarded_check_count == 2) {
        std::fputs("iovcheck oracle: more than two guarded worlds at once\n", stderr);
        std::abort();
    }
    guarded_checks[guarded_check_count++] = {&space, memory.data(), &who, &program, &op_index};
    if (guarded_check_count == 1) {
        struct sigaction action = {};
        action.sa_sigaction = on_guard_page_fault;
        action.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&action.sa_mask);
        sigaction(SIGSEGV, &action, &previous_segv_action);
    }
}

GuardPageReport::~GuardPageReport()
{
    if (--guarded_check_count == 0) {
        sigaction(SIGSEGV, &previous_segv_action, nullptr);
    }
}

}  // namespace iovcheck::oracle_internal
