#pragma once

#include <vector>

#include "common/embedded_file.h"

namespace faber::reconciler::debugger {

// The knowledge files of manifests/knowledge/, embedded at build time, in path order.
const std::vector<common::EmbeddedFile>& BuiltinKnowledgeFiles();

}  // namespace faber::reconciler::debugger
