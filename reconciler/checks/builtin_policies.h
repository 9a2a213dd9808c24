#pragma once

#include <vector>

#include "common/embedded_file.h"

namespace faber::reconciler::checks {

// The policy files of manifests/policies/, embedded at build time, in path order.
const std::vector<common::EmbeddedFile>& BuiltinPolicyFiles();

}  // namespace faber::reconciler::checks
