#include "reconciler/run_summary.h"

#include <algorithm>

namespace faber::reconciler {

int64_t RunSummary::duration_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(finished - started).count();
}

const StageRecord* RunSummary::Find(manifests::Stage stage) const {
  for (const auto& s : stages) {
    if (s.stage == stage) return &s;
  }
  return nullptr;
}

bool RunSummary::AnyAborted() const {
  return std::any_of(stages.begin(), stages.end(),
                     [](const StageRecord& s) { return s.status == manifests::StageStatus::kAborted; });
}

}  // namespace faber::reconciler
