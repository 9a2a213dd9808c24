// Parser throughput on one core: reads every .tf file under the given directories into memory,
// then parses them all repeatedly (and, separately, parses and converts them to hcl2json's JSON)
// and prints MB/s for each. Usage: hcl_parse_bench DIR... [--seconds N]

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
using Clock = std::chrono::steady_clock;

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

// Runs `pass` over all inputs until `seconds` have elapsed (at least 3 passes); returns MB/s.
template <typename Pass>
double Throughput(const std::vector<Input>& inputs, size_t bytes, double seconds, Pass pass) {
  size_t passes = 0;
  auto start = Clock::now();
  std::chrono::duration<double> elapsed{};
  do {
    for (const auto& input : inputs) pass(input);
    ++passes;
    elapsed = Clock::now() - start;
  } while (passes < 3 || elapsed.count() < seconds);
  return static_cast<double>(bytes) * static_cast<double>(passes) / elapsed.count() / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dirs;
  double seconds = 3;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::stod(argv[++i]);
    } else {
      dirs.push_back(arg);
    }
  }
  if (dirs.empty()) {
    std::cerr << "usage: hcl_parse_bench DIR... [--seconds N]\n";
    return 2;
  }
  size_t bytes = 0;
  auto inputs = ReadInputs(dirs, &bytes);
  size_t rejected = 0;
  for (const auto& in : inputs) rejected += faber::reconciler::hcl::ParseConfig(in.name, in.text)->HasErrors() ? 1 : 0;
  double parse = Throughput(inputs, bytes, seconds, [](const Input& in) {
    auto file = faber::reconciler::hcl::ParseConfig(in.name, in.text);
    if (file->body == nullptr) std::abort();  // keeps the parse observable to the optimizer
  });
  double convert = Throughput(inputs, bytes, seconds, [](const Input& in) {
    auto file = faber::reconciler::hcl::ParseConfig(in.name, in.text);
    if (!file->HasErrors()) (void)faber::reconciler::hcl::ToHcl2Json(*file);
  });
  std::cout << "files " << inputs.size() << " bytes " << bytes << " rejected " << rejected << "\n"
            << "parse_mb_per_s " << parse << "\nparse_and_hcl2json_mb_per_s " << convert << "\n";
  return 0;
}
