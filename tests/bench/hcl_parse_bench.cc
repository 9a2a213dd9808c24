// Parser throughput on one core (thread CPU time): reads every .tf file under the given directories into memory,
// then parses them all repeatedly (and, separately, parses and converts them to hcl2json's JSON)
// and prints MB/s for each. Usage: hcl_parse_bench DIR... [--seconds N | --passes N]

#include <time.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "reconciler/hcl/hcl2json.h"
#include "reconciler/hcl/parser.h"

namespace {

namespace fs = std::filesystem;

// CPU time of this thread: what "on one core" means, and steadier than wall time on a busy machine.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Input {
  std::string name;
  std::string text;
};

std::vector<Input> ReadInputs(const std::vector<std::string>& dirs, size_t* bytes) {
  std::vector<Input> out;
  for (const auto& dir : dirs) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".tf") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      out.push_back({entry.path().filename().string(),
                     std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())});
      *bytes += out.back().text.size();
    }
  }
  return out;
}

// Runs `pass` over all inputs until `seconds` have elapsed (at least `min_passes`); returns MB/s.
template <typename Pass>
double Throughput(const std::vector<Input>& inputs, size_t bytes, double seconds, size_t min_passes, Pass pass) {
  size_t passes = 0;
  const double start = ThreadCpuSeconds();
  double elapsed = 0;
  do {
    for (const auto& input : inputs) pass(input);
    ++passes;
    elapsed = ThreadCpuSeconds() - start;
  } while (passes < min_passes || elapsed < seconds);
  return static_cast<double>(bytes) * static_cast<double>(passes) / elapsed / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dirs;
  double seconds = 3;
  size_t min_passes = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else if (arg == "--passes" && i + 1 < argc) {  // a fixed amount of work, for instruction counts
      min_passes = std::stoul(argv[++i]);
      seconds = 0;
    } else {
      dirs.push_back(arg);
    }
  }
  if (dirs.empty()) {
    std::cerr << "usage: hcl_parse_bench DIR... [--seconds N | --passes N]\n";
    return 2;
  }
  size_t bytes = 0;
  auto inputs = ReadInputs(dirs, &bytes);
  size_t rejected = 0;
  for (const auto& in : inputs) rejected += faber::reconciler::hcl::ParseConfig(in.name, in.text)->HasErrors() ? 1 : 0;
  double parse = Throughput(inputs, bytes, seconds, min_passes, [](const Input& in) {
    auto file = faber::reconciler::hcl::ParseConfig(in.name, in.text);
    if (file->body == nullptr) std::abort();  // keeps the parse observable to the optimizer
  });
  double convert = Throughput(inputs, bytes, seconds, min_passes, [](const Input& in) {
    auto file = faber::reconciler::hcl::ParseConfig(in.name, in.text);
    if (!file->HasErrors()) (void)faber::reconciler::hcl::ToHcl2Json(*file);
  });
  std::cout << "files " << inputs.size() << " bytes " << bytes << " rejected " << rejected << "\n"
            << "parse_mb_per_s " << parse << "\nparse_and_hcl2json_mb_per_s " << convert << "\n";
  return 0;
}
