#pragma once

#include <git2.h>

#include "common/status.h"

namespace faber::store {

// Checks that the loose object file of `oid`, if there is one, inflates completely. libgit2 1.5
// loops forever on a truncated loose object, so every object faber reads is checked first: a
// damaged repository must be an error naming the object, not a hung controller. kStalled (a
// person must repair the repository) when damaged; Ok when the object is packed or intact.
common::Status CheckLooseObject(git_repository* repo, const git_oid& oid);

}  // namespace faber::store
