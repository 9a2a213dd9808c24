// Differential fuzz target for ParseObject with a keep list (webhooks/json_skim): for any input it
// must agree with nlohmann's full parse — refuse exactly what nlohmann refuses, and otherwise
// return the full document with the members not kept erased. A disagreement aborts, so libFuzzer
// saves the input. Built with libFuzzer under clang (tests/fuzz/run_json_skim.sh); under other
// compilers seed_driver.cc runs it over the webhook corpus as a regression test.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "webhooks/json_fields.h"

namespace {

// Names a mutated payload is likely to hold: the forges' members faber reads, and short ones.
const std::vector<std::string> kKeep = {"ref", "after", "repository", "project", "object_kind", "a", "b", "x", ""};

[[noreturn]] void Disagree(const char* what) {
  std::fprintf(stderr, "ParseObject disagrees with nlohmann: %s\n", what);
  std::abort();
}

// nlohmann compares documents recursively; past this many brackets the comparison itself could
// exhaust the stack, so only the verdicts are compared.
bool ShallowEnough(const std::string& text) {
  return std::count_if(text.begin(), text.end(), [](char c) { return c == '[' || c == '{'; }) < 2000;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  nlohmann::json full = nlohmann::json::parse(body, nullptr, false);
  auto parsed = faber::webhooks::ParseObject(body, kKeep);
  if (full.is_discarded()) {
    if (parsed.ok()) Disagree("accepted what nlohmann refuses");
    if (parsed.status().message().rfind("body is not valid JSON", 0) != 0) Disagree("refused with another message");
    return 0;
  }
  if (!full.is_object()) {
    if (parsed.ok() || parsed.status().message() != "body must be a JSON object") Disagree("a non-object top level");
    return 0;
  }
  if (!parsed.ok()) Disagree("refused valid JSON");
  if (!ShallowEnough(body)) return 0;
  for (auto it = full.begin(); it != full.end();) {
    it = std::find(kKeep.begin(), kKeep.end(), it.key()) == kKeep.end() ? full.erase(it) : std::next(it);
  }
  if (*parsed != full) Disagree("kept members differ");
  return 0;
}
