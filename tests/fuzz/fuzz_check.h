#pragma once

// What every input-parser fuzz target may assert: a refused input ends in a
// Status that says what is wrong and where. Anything else (a crash, an escaping
// exception, undefined behaviour, a leak) is caught by libFuzzer and the
// sanitizers themselves.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/status.h"

namespace faber::fuzz {

// Aborts (a finding) when an error does not name `file` or says nothing.
inline void CheckError(const common::Status& status, const std::string& file) {
  if (status.ok()) return;
  if (status.message().find(file) == std::string::npos) {
    std::fprintf(stderr, "error does not name %s: %s\n", file.c_str(), status.message().c_str());
    std::abort();
  }
}

}  // namespace faber::fuzz
