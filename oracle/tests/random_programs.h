// Pseudo-random programs for the oracle's smoke test and throughput tool.
#pragma once

#include <array>
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
                op = Op::of_kind(static_cast<OpKind>(pick(kOpKinds)));
            } while (op.kind() == OpKind::SendRecv && !with_sockets);
            // Six numbers whatever the call's arity, so that the sequence
            // (and the programs the throughput is measured on) stays fixed.
            std::array<uint64_t, 6> numbers;
            for (uint64_t &n : numbers) {
                n = number(total);
            }
            // The first argument, often a slot, is small half of the time.
            if (pick(2)) {
                numbers[0] = pick(kSlots);
            }
            visit(op, [&](auto &r) {
                size_t i = 0;
                std::apply([&](auto &...field) { ((field.v = numbers[i++]), ...); }, r.fields());
            });
            visit(op, Overloaded{[&](ops::SendRecv &r) {
                                     r.flags.v = pick(8);
                                     r.peer_chunk.v = 1 + pick(10);
                                 },
                                 [](auto &) {}});
            p.ops.push_back(op);
        }
        programs.push_back(std::move(p));
    }
    return programs;
}

}  // namespace iovcheck
