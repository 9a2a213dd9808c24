#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "reconciler/repository_reconciler.h"

namespace faber::controller {

// Returns one environment's result as JSON (the reconcile command's --format json shape).
nlohmann::json EnvironmentResultJson(const reconciler::EnvironmentResult& result);
// Prints one line per environment, then its notes, for people.
void PrintEnvironmentResults(const reconciler::RepositoryResult& result, std::ostream& out);

}  // namespace faber::controller
