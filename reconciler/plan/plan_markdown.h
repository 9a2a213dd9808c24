#pragma once

#include <cstddef>
#include <string>

#include "reconciler/plan/plan_summary.h"

namespace faber::reconciler::plan {

struct MarkdownOptions {
  std::string title = "Plan";
  size_t expanded_limit = 10;  // a group with more resources than this is collapsed in <details>
};

// Renders a plan summary as Markdown for a pull-request comment: the headline, destroys and
// replacements called out first in a warning, then the changes grouped by action (each
// resource with the attributes that change), long groups collapsed. Values are never shown, so
// nothing sensitive can reach a comment.
std::string RenderPlanMarkdown(const PlanSummary& summary, const MarkdownOptions& options = {});

}  // namespace faber::reconciler::plan
