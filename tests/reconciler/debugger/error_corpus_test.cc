// Real deploy errors with their labels (../shared/corpus/errors/dev.jsonl): category, code and
// resource type as faber reads them, against the labels. Prints every miss.

#include <filesystem>
#include <fstream>
#include <iostream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reconciler/debugger/categorizer.h"
#include "reconciler/debugger/error_extractor.h"

namespace faber::reconciler::debugger {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/errors/dev.jsonl";

std::string OrNull(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : "null"; }

TEST(ErrorCorpusTest, CategoryCodeAndResourceTypeMatchTheLabels) {
  if (!std::filesystem::exists(kCorpus)) GTEST_SKIP() << "corpus not found at " << kCorpus;
  std::ifstream in(kCorpus);
  int total = 0, category = 0, code = 0, type = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto row = nlohmann::json::parse(line);
    const std::string text = row["message"];
    ExtractedError e = ExtractError(text, "apply");
    Categorization c = Categorize(e, text);
    ++total;
    const std::string want_code = OrNull(row["code"]), got_code = e.code.empty() ? "null" : e.code;
    const std::string want_type = OrNull(row["resource_type"]), got_type = e.resource_type.empty() ? "null" : e.resource_type;
    std::string head = text.substr(0, 90);
    for (char& ch : head) ch = ch == '\n' ? ' ' : ch;
    if (c.category == row["category"]) ++category;
    else std::cout << "  category miss: want " << row["category"] << " got " << c.category << " (" << c.reason << "): " << head << "\n";
    if (got_code == want_code) ++code;
    else std::cout << "  code miss: want " << want_code << " got " << got_code << ": " << head << "\n";
    if (got_type == want_type) ++type;
    else std::cout << "  resource type miss: want " << want_type << " got " << got_type << ": " << head << "\n";
  }
  auto pct = [&](int n) { return 100.0 * n / total; };
  std::cout << "dev.jsonl: " << total << " errors; category " << pct(category) << "%, code " << pct(code)
            << "%, resource type " << pct(type) << "%\n";
  ASSERT_GT(total, 30);
  EXPECT_GE(pct(category), 90.0);
  EXPECT_GE(pct(code), 95.0);
  EXPECT_GE(pct(type), 90.0);
}

}  // namespace
}  // namespace faber::reconciler::debugger
