// Absent functions (SPEC.md "Newer generations": an implementation under test
// may lack any function of the API; that function is absent, not failing).
//
// Every driver asks the same question before it calls an implementation:
// can_run(impl, op).  The oracle skips an op whose function is absent, in
// both worlds, so the rest of the program is still checked; conformance
// reports the function's row as `absent`.
#pragma once

#include <vector>

#include <iovcheck/impl.h>
#include <iovcheck/program.h>

namespace iovcheck {

// The API function `op` calls (the undoable discard when the op asks for
// an undo record).
Fn op_function(const Op &op);

// The function an op kind is named after (the row of conformance).
Fn op_kind_function(OpKind kind);

// Whether `impl` has the function `op` calls.
bool can_run(const IovImpl &impl, const Op &op);

// The functions `impl` lacks, in the list's order.
std::vector<Fn> absent_functions(const IovImpl &impl);

}  // namespace iovcheck
