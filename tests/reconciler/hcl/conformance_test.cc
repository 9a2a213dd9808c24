// Conformance with HashiCorp's parser on real modules: every .tf file under
// ../shared/corpus/tf-real is parsed and converted, and compared with the reference output that
// tests/hcl_oracle/generate.sh recorded (tests/hcl_oracle/expected/<path>.json, or .error when the
// reference rejects the file).

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reconciler/hcl/hcl2json.h"
#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const fs::path kRoot = fs::path(FABER_SOURCE_DIR);
const fs::path kCorpus = kRoot / "../shared/corpus/tf-real";
const fs::path kExpected = kRoot / "tests/hcl_oracle/expected";

struct Outcome {
  bool accepted;
  nlohmann::json json;
  std::string error;
};

Outcome Faber(const fs::path& p) {
  auto file = ParseConfig(p.filename().string(), ReadAll(p));
  if (file->HasErrors()) return {false, nullptr, FormatDiagnostic(file->diags[0])};
  auto j = ToHcl2Json(*file);
  if (!j.ok()) return {false, nullptr, j.status().message()};
  return {true, *j, ""};
}

// Compares every .tf file under `dir` with its fixture under `expected`; returns the differences.
std::vector<std::string> CompareDir(const fs::path& dir, const fs::path& expected, size_t* files, size_t* agree,
                                    size_t* equal) {
  std::vector<std::string> differences;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".tf") continue;
    ++*files;
    std::string rel = fs::relative(entry.path(), dir).string();
    fs::path want_json = expected / (rel + ".json");
    bool want_accept = fs::exists(want_json);
    if (!want_accept && !fs::exists(expected / (rel + ".error"))) {
      differences.push_back(rel + ": no fixture (run tests/hcl_oracle/generate.sh)");
      continue;
    }
    Outcome got = Faber(entry.path());
    if (got.accepted != want_accept) {
      differences.push_back(rel + ": " + (got.accepted ? "accepted, reference rejects" : "rejected: " + got.error));
      continue;
    }
    ++*agree;
    if (!want_accept) {
      ++*equal;
      continue;
    }
    nlohmann::json want = nlohmann::json::parse(ReadAll(want_json));
    if (want == got.json) {
      ++*equal;
    } else {
      differences.push_back(rel + ": JSON differs: " + nlohmann::json::diff(want, got.json).dump().substr(0, 600));
    }
  }
  return differences;
}

TEST(ConformanceTest, TfRealCorpusMatchesReferenceParser) {
  if (!fs::exists(kCorpus)) GTEST_SKIP() << "corpus not found at " << kCorpus;
  size_t files = 0, agree = 0, equal = 0;
  for (const auto& d : CompareDir(kCorpus, kExpected, &files, &agree, &equal)) ADD_FAILURE() << d;
  std::cout << "tf-real: " << files << " files, accept/reject agree " << agree << ", JSON-equal " << equal << "\n";
  EXPECT_GT(files, 200u);
  EXPECT_EQ(agree, files);
  EXPECT_EQ(equal, files);
}

TEST(ConformanceTest, EdgeCasesMatchReferenceParser) {
  size_t files = 0, agree = 0, equal = 0;
  for (const auto& d : CompareDir(kRoot / "tests/hcl_oracle/edge", kRoot / "tests/hcl_oracle/edge_expected", &files,
                                  &agree, &equal)) {
    ADD_FAILURE() << d;
  }
  EXPECT_GT(files, 5u);
  EXPECT_EQ(equal, files);
}

// Each broken file is rejected, and the first diagnostic is at the reference's line and column.
TEST(ConformanceTest, BrokenFilesRejectedAtReferencePosition) {
  fs::path dir = kRoot / "tests/hcl_oracle/broken";
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".tf") continue;
    ++files;
    std::string name = entry.path().filename().string();
    std::string want = ReadAll(kRoot / "tests/hcl_oracle/broken_expected" / (name + ".error"));
    // The reference prints "parse config: [NAME:LINE,COL-...: Summary; ...".
    size_t at = want.find(name + ":");
    ASSERT_NE(at, std::string::npos) << name << ": " << want;
    size_t comma = want.find(',', at);
    size_t dash = want.find_first_of("-:", comma);
    std::string want_line = want.substr(at + name.size() + 1, comma - at - name.size() - 1);
    std::string want_col = want.substr(comma + 1, dash - comma - 1);
    auto file = ParseConfig(name, ReadAll(entry.path()));
    ASSERT_TRUE(file->HasErrors()) << name << " accepted; reference: " << want;
    const Diagnostic& d = file->diags[0];
    EXPECT_EQ(std::to_string(d.start.line) + ":" + std::to_string(d.start.column), want_line + ":" + want_col)
        << name << ": got " << FormatDiagnostic(d) << "\nreference: " << want;
    size_t summary_at = want.find(": ", dash) + 2;
    EXPECT_EQ(want.substr(summary_at, d.summary.size()), d.summary) << name;
  }
  EXPECT_GE(files, 20u);
}

}  // namespace
}  // namespace faber::reconciler::hcl
