// What one call showed, and the state a world exposes after it: the terms
// in which the model's world and the implementation's world are compared.
//
// Private to oracle/src.
#pragma once

#include <iovcheck/model.h>
#include <iovcheck/program.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace iovcheck::oracle_internal {

struct Observed {
    bool skipped = false;
    std::string skip_reason;
    bool violation = false;
    std::string violation_text;
    bool has_ret = false;
    long long ret = 0, ret_min = 0;  // the model may allow a range [ret_min, ret]
    bool has_errno = false;
    int err = 0;
    bool has_data = false;
    const char *data_label = "";
    std::vector<uint8_t> data;  // bytes read, received by the peer, or hexdump text
    bool has_entries = false;
    model::Iov entries;  // iov_copy's destination entries
    bool has_undo = false;
    model::Undo undo;
    std::string damage;  // the implementation wrote outside what it was given

    void set_ret(long long v)
    {
        has_ret = true;
        ret = ret_min = v;
    }
    void set_data(const char *label, std::vector<uint8_t> bytes)
    {
        has_data = true;
        data_label = label;
        data = std::move(bytes);
    }
};

// Where a vector's `iov` points.
enum class ArrayLocation { Heap, LocalIov, CallerArray, Unexpected };

// "its own heap array", "the caller's array"...
const char *location_name(ArrayLocation l);

// The state both worlds expose after each call, in model terms (views of
// the world's own data: nothing is copied).
struct State {
    const uint8_t *memory = nullptr;
    const model::View *view = nullptr;
    std::array<const model::Vector *, kSlots> slots{};
    std::array<ArrayLocation, kSlots> locations{};
};

}  // namespace iovcheck::oracle_internal
