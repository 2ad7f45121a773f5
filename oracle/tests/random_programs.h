// Pseudo-random programs for the oracle's smoke test and throughput tool.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <iovcheck/program.h>

namespace iovcheck {

// Pseudo-random programs (a fixed seed: mt19937_64's sequence is fixed by
// the standard), with arguments biased to 0, size, size + 1 and SIZE_MAX.
inline std::vector<Program> random_programs(size_t count, bool with_sockets)
{
    std::mt19937_64 rng(20261125);
    auto pick = [&](uint64_t m) { return rng() % m; };
    auto number = [&](uint64_t size) -> uint64_t {
        switch (pick(6)) {
        case 0: return 0;
        case 1: return size;
        case 2: return size + 1;
        case 3: return SIZE_MAX - pick(3);
        default: return pick(size + 2);
        }
    };
    std::vector<Program> programs;
    for (size_t i = 0; i < count; i++) {
        Program p;
        size_t total = 0;
        for (uint64_t k = 0, n = pick(9); k < n; k++) {
            p.layout.seg_len.push_back(pick(3) == 0 ? 0 : pick(40));
            total += p.layout.seg_len.back();
        }
        if (pick(3) == 0) {
            p.layout.shared_arena = true;
            p.layout.arena_size = pick(64);
            for (size_t k = 0; k < p.layout.seg_len.size(); k++) {
                p.layout.arena_offset.push_back(pick(64));
            }
        }
        p.layout.fill_seed = static_cast<uint32_t>(pick(4));
        for (uint64_t k = 0, n = 1 + pick(12); k < n; k++) {
            Op op;
            do {
                op.kind = static_cast<OpKind>(pick(kOpKinds));
            } while (op.kind == OpKind::SendRecv && !with_sockets);
            for (uint64_t &a : op.a) {
                a = number(total);
            }
            if (pick(2)) {
                op.a[0] = pick(kSlots);
            }
            if (op.kind == OpKind::SendRecv) {
                op.a[2] = pick(8);
                op.a[3] = 1 + pick(10);
            }
            p.ops.push_back(op);
        }
        programs.push_back(std::move(p));
    }
    return programs;
}

}  // namespace iovcheck
