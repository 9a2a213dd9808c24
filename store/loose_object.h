#pragma once

#include <git2.h>

#include <optional>
#include <string>

#include "common/status.h"

namespace faber::store {

// One loose object as stored: its type and content.
struct LooseObject {
  git_object_t type = GIT_OBJECT_INVALID;
  std::string content;
};

// Reads the loose object file of `oid`, if there is one: inflated once, its header checked against
// its length and its SHA-1 against `oid`. nullopt when the object is not loose (packed, or in an
// alternate: libgit2 reads those). libgit2 1.5 loops forever on a truncated loose object, so faber
// reads loose objects itself: a damaged repository must be an error naming the object, not a hung
// controller. kStalled (a person must repair the repository) when the file is truncated, corrupt or
// does not hash to its name.
common::Result<std::optional<LooseObject>> ReadLooseObject(git_repository* repo, const git_oid& oid);

// ReadLooseObject's verdict only: Ok when the object is packed or intact.
common::Status CheckLooseObject(git_repository* repo, const git_oid& oid);

}  // namespace faber::store
