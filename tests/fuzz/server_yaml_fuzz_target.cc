// Fuzz target for server.yaml (manifests' server config parser): any input must
// end in a config or an error naming the file, never a crash, an escaping
// exception, a hang or a leak. Built with libFuzzer under clang
// (tests/fuzz/run_inputs.sh); otherwise seed_driver.cc runs the seeds.

#include <cstddef>
#include <cstdint>
#include <string>

#include "manifests/server_config.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = faber::manifests::ParseServerConfig(text, "server.yaml");
  if (!config.ok()) faber::fuzz::CheckError(config.status(), "server.yaml");
  return 0;
}
