// Fuzz target for faber.yaml (manifests' repository config parser and
// validator): any input must end in a config or an error naming the file, never
// a crash, an escaping exception, a hang or a leak. Built with libFuzzer under
// clang (tests/fuzz/run_inputs.sh); under other compilers seed_driver.cc runs
// it over the seed corpus as a regression test.

#include <cstddef>
#include <cstdint>
#include <string>

#include "manifests/faber_config.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = faber::manifests::ParseFaberConfig(text, "faber.yaml");
  if (!config.ok()) {
    faber::fuzz::CheckError(config.status(), "faber.yaml");
    return 0;
  }
  // What the reconciler does next with a valid config: look environments up,
  // take the gates.
  for (const auto& env : config->environments) {
    (void)config->FindEnvironment(env.name);
    (void)config->FindEnvironmentByBranch(env.branch);
    faber::manifests::EnvironmentConfig gated = env;
    faber::manifests::TakeGatesFrom(env, &gated);
  }
  return 0;
}
