#pragma once

#include <vector>

#include "common/embedded_file.h"

namespace faber::reconciler::cost {

// The pricing files of manifests/pricing/, embedded at build time, in path order.
const std::vector<common::EmbeddedFile>& BuiltinPricingFiles();

}  // namespace faber::reconciler::cost
