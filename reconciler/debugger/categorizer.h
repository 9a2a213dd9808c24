#pragma once

#include <string>

#include "reconciler/debugger/error_extractor.h"

namespace faber::reconciler::debugger {

// The six kinds of deploy failure, each with what usually resolves it.
inline constexpr const char* kCategories[] = {"permission", "config", "resource", "state", "network", "quota"};

struct Categorization {
  std::string category;  // one of kCategories
  std::string reason;    // the rule that decided, for people ("code AccessDenied", "text: dial tcp")
};

// Decides the category of an extracted error. Rules are ordered from the most specific signal to
// the least: quota, permission, state, network, resource, then config (also the fallback for text
// no rule knows, with a reason that says so).
Categorization Categorize(const ExtractedError& error, const std::string& full_output);

}  // namespace faber::reconciler::debugger
