// Which preconditions of its record a call violates, named, so that the
// profile decides what the call must do (profile.h).
//
// Private to oracle/src.
#pragma once

#include "model_world.h"

#include <iovcheck/preconditions.h>
#include <iovcheck/program.h>

namespace iovcheck::oracle_internal {

// The preconditions `op` violates, given that the model has just reported
// the call a contract violation (which leaves the model's world as it was).
// A record with one precondition violated that one; a record with several
// is asked which, because a profile may class them differently.  Never
// empty: a model verdict no rule explains is the oracle's own mistake
// (reported on stderr, then abort()).
PreconditionSet violated_preconditions(const ModelWorld &w, const Op &op);

}  // namespace iovcheck::oracle_internal
