// Reading plan files: encodings, truncation, malformed JSON and documents that are not plans.
#include "reconciler/plan/plan_document.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace faber::reconciler::plan {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

std::string Slurp(const std::string& name) {
  std::ifstream in(kCorpus / name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Utf16Le(const std::string& ascii, bool bom) {
  std::string out = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string ErrorOf(std::string_view bytes) {
  auto doc = ParsePlanDocument(bytes, "plan.json");
  EXPECT_FALSE(doc.ok());
  return doc.ok() ? "" : doc.status().message();
}

const char* kMinimal = R"({"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"]}}]})";

TEST(PlanDocumentTest, ReadsUtf8WithAndWithoutByteOrderMark) {
  auto plain = ParsePlanDocument(kMinimal, "plan.json");
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  EXPECT_EQ(plain->format_version, "1.2");
  auto bom = ParsePlanDocument(std::string("\xEF\xBB\xBF") + kMinimal, "plan.json");
  ASSERT_TRUE(bom.ok()) << bom.status().message();
  EXPECT_EQ(bom->json, plain->json);
}

TEST(PlanDocumentTest, ReadsUtf16LittleAndBigEndian) {
  auto le = ParsePlanDocument(Utf16Le(kMinimal, true), "plan.json");
  ASSERT_TRUE(le.ok()) << le.status().message();
  auto no_bom = ParsePlanDocument(Utf16Le(kMinimal, false), "plan.json");
  ASSERT_TRUE(no_bom.ok()) << no_bom.status().message();
  std::string be = "\xFE\xFF";
  for (char c : std::string(kMinimal)) {
    be += '\0';
    be += c;
  }
  auto big = ParsePlanDocument(be, "plan.json");
  ASSERT_TRUE(big.ok()) << big.status().message();
  EXPECT_EQ(le->json, big->json);
  EXPECT_EQ(le->json, no_bom->json);
}

TEST(PlanDocumentTest, Utf16NonAsciiAndSurrogatePairsBecomeUtf8) {
  // "é" (U+00E9) and "😀" (U+1F600, a surrogate pair) inside a string value.
  std::string bytes = "\xFF\xFE";
  std::string before = R"({"format_version":"1.0","planned_values":{},"variables":{"v":{"value":")";
  for (char c : before) bytes += c, bytes += '\0';
  bytes += std::string("\xE9\x00", 2);
  bytes += std::string("\x3D\xD8\x00\xDE", 4);
  for (char c : std::string("\"}}}")) bytes += c, bytes += '\0';
  auto doc = ParsePlanDocument(bytes, "plan.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->json["variables"]["v"]["value"], "\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(PlanDocumentTest, BrokenUtf16IsAClearError) {
  std::string odd = Utf16Le(kMinimal, true);
  odd.pop_back();
  EXPECT_NE(ErrorOf(odd).find("odd number of bytes"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string("\xFF\xFE{\0\x00\xD8", 6)).find("unpaired UTF-16 surrogate"), std::string::npos);
}

// Masking and rendering walk a plan recursively: a plan nested 100,000 deep must be refused
// before they run, not overflow the stack.
TEST(PlanDocumentTest, APlanNestedTooDeepIsRefused) {
  std::string after;
  for (int i = 0; i < 100000; ++i) after += "{\"a\":";
  after += "1";
  after += std::string(100000, '}');
  const std::string plan = R"({"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b",)"
                           R"("change":{"actions":["create"],"after":)" + after + "}}]}";
  auto doc = ParsePlanDocument(plan, "deep.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("deep.json: the JSON nests deeper than 512 levels"), std::string::npos)
      << doc.status().message();
}

TEST(PlanDocumentTest, TruncatedRealPlanNamesFileAndPosition) {
  std::string text = Slurp("checkov__runner__resources__plan_with_iam_policies__tfplan.json");
  std::string cut = text.substr(0, text.size() / 2);
  std::string error = ErrorOf(cut);
  EXPECT_EQ(error.rfind("plan.json:", 0), 0u) << error;
  EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  // The position is the last line of what is left.
  size_t lines = std::count(cut.begin(), cut.end(), '\n') + 1;
  std::string line_mark = ":";
  line_mark += std::to_string(lines);
  line_mark += ':';
  EXPECT_NE(error.find(line_mark), std::string::npos) << error;
}

TEST(PlanDocumentTest, MalformedJsonNamesLineAndColumn) {
  std::string error = ErrorOf("{\n  \"format_version\": \"1.0\",\n  \"planned_values\": {,}\n}");
  EXPECT_EQ(error.rfind("plan.json:3:22: malformed JSON", 0), 0u) << error;
}

TEST(PlanDocumentTest, InvalidUtf8IsAnError) {
  std::string error = ErrorOf("{\"format_version\":\"1.0\",\"planned_values\":{\"x\":\"\xC3\x28\"}}");
  EXPECT_NE(error.find("plan.json:1:"), std::string::npos) << error;
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
}

TEST(PlanDocumentTest, DocumentsThatAreNotPlansAreRejected) {
  EXPECT_NE(ErrorOf("").find("empty"), std::string::npos);
  EXPECT_NE(ErrorOf("[1,2]").find("expected a JSON object"), std::string::npos);
  EXPECT_NE(ErrorOf("{}").find("not a plan"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"format_version":"1.0","values":{}})").find("this is a state"), std::string::npos);
}

TEST(PlanDocumentTest, ShapeErrorsNameTheFieldPath) {
  EXPECT_NE(ErrorOf(R"({"resource_changes":{}})").find("resource_changes: expected an array, got object"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"resource_changes":[{"address":"a.b","change":{}}]})")
                .find("resource_changes[0] (a.b).change.actions: expected a non-empty array"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"resource_changes":[{"change":{"actions":["create"]}}]})")
                .find("resource_changes[0].address: expected a string"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"planned_values":[]})").find("planned_values: expected an object"), std::string::npos);
}

TEST(PlanDocumentTest, FormatVersions) {
  for (const char* v : {"0.1", "0.2", "1.0", "1.1", "1.2"}) {
    auto doc = ParsePlanDocument(std::string(R"({"format_version":")") + v + R"(","planned_values":{}})", "p");
    ASSERT_TRUE(doc.ok()) << v;
    EXPECT_TRUE(doc->warnings.empty()) << v;
  }
  auto newer = ParsePlanDocument(R"({"format_version":"1.3","planned_values":{}})", "p");
  ASSERT_TRUE(newer.ok());
  ASSERT_EQ(newer->warnings.size(), 1u);
  EXPECT_NE(newer->warnings[0].find("newer than 1.2"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"format_version":"2.0","planned_values":{}})").find("format_version 2.0 is not supported"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"format_version":1,"planned_values":{}})").find("format_version: expected a string"),
            std::string::npos);
}

TEST(PlanDocumentTest, MissingFileIsNotFound) {
  auto doc = ReadPlanFile("/nonexistent/plan.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().kind(), common::ErrorKind::kNotFound);
}

}  // namespace
}  // namespace faber::reconciler::plan
