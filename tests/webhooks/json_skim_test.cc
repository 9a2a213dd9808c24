// ParseObject with a keep list against nlohmann's full parse: on the forges' real payloads
// (../shared/corpus/webhooks) the kept document is the full one with the other top-level members
// erased, and a body is refused exactly when nlohmann refuses it, however it was broken.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "webhooks/forge_event.h"
#include "webhooks/json_fields.h"
#include "webhooks/json_skim.h"

namespace faber::webhooks {
namespace {

using namespace std::string_literals;

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks";

// The keep lists of github_events.cc and gitlab_events.cc, and one naming members most payloads
// do not have.
const std::vector<std::string> kGithubKeep = {"ref",          "after", "deleted", "action",     "number",
                                              "pull_request", "issue", "comment", "repository", "is_pull"};
const std::vector<std::string> kGitlabKeep = {"object_kind", "project",           "ref",  "after",
                                              "deleted",     "object_attributes", "user", "merge_request"};
const std::vector<std::string> kRareKeep = {"zen", "hook_id", "labels", "changes", "not-a-member"};

struct Payload {
  std::string name;
  std::string body;
};

const std::vector<Payload>& CorpusPayloads() {
  static const std::vector<Payload> payloads = [] {
    std::vector<Payload> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kCorpus)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      found.push_back({std::filesystem::relative(entry.path(), kCorpus).string(), *common::ReadFile(entry.path())});
    }
    std::sort(found.begin(), found.end(), [](const Payload& a, const Payload& b) { return a.name < b.name; });
    return found;
  }();
  return payloads;
}

// What ParseObject(body, keep) must give: nlohmann's verdict, where it says the body broke, and
// on success its document with the members not in `keep` erased.
struct Expected {
  bool valid_json = false;
  std::size_t error_byte = 0;  // 0 when nlohmann names no position (a number beyond a double)
  nlohmann::json doc;
};

Expected FullParse(const std::string& body, const std::vector<std::string>& keep) {
  Expected expected;
  try {
    expected.doc = nlohmann::json::parse(body);
    expected.valid_json = true;
  } catch (const nlohmann::json::parse_error& e) {
    expected.error_byte = e.byte;
  } catch (const nlohmann::json::exception&) {
  }
  if (expected.doc.is_object()) {
    for (auto it = expected.doc.begin(); it != expected.doc.end();) {
      it = std::find(keep.begin(), keep.end(), it.key()) == keep.end() ? expected.doc.erase(it) : std::next(it);
    }
  }
  return expected;
}

// N of "body is not valid JSON (at byte N)"; 0 when the message has another form.
std::size_t ReportedByte(const std::string& message) {
  const std::string prefix = "body is not valid JSON (at byte ";
  if (message.rfind(prefix, 0) != 0 || message.back() != ')') return 0;
  const std::string digits = message.substr(prefix.size(), message.size() - prefix.size() - 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoul(digits);
}

// ParseObject(body, keep) agrees with the full parse; `what` names the body in failures and
// `refused` (when given) counts the bodies nlohmann refuses.
::testing::AssertionResult Agrees(const std::string& body, const std::vector<std::string>& keep, const std::string& what,
                                  std::size_t* refused = nullptr) {
  const Expected expected = FullParse(body, keep);
  auto parsed = ParseObject(body, keep);
  if (expected.doc.is_object()) {
    if (!parsed.ok()) return ::testing::AssertionFailure() << what << ": refused valid JSON: " << parsed.status().message();
    if (*parsed != expected.doc) {
      return ::testing::AssertionFailure() << what << ": kept " << parsed->dump().substr(0, 300) << "\nexpected "
                                           << expected.doc.dump().substr(0, 300);
    }
    return ::testing::AssertionSuccess();
  }
  if (parsed.ok()) {
    return ::testing::AssertionFailure() << what << ": accepted what nlohmann refuses: " << parsed->dump().substr(0, 200);
  }
  const std::string message = parsed.status().message();
  if (expected.valid_json) {
    if (message != "body must be a JSON object") return ::testing::AssertionFailure() << what << ": said " << message;
    return ::testing::AssertionSuccess();
  }
  if (refused != nullptr) ++*refused;
  const std::size_t byte = ReportedByte(message);
  if (byte == 0 || byte > body.size() + 1) {
    return ::testing::AssertionFailure() << what << ": unexpected message " << message << " for " << body.size() << " bytes";
  }
  // nlohmann reports the end of the token it could not use; the scanner, its first byte.
  if (expected.error_byte != 0 && byte > expected.error_byte) {
    return ::testing::AssertionFailure() << what << ": broke at byte " << byte << ", nlohmann says " << expected.error_byte;
  }
  return ::testing::AssertionSuccess();
}

TEST(JsonSkimTest, CorpusHasTheForgesPayloads) {
  std::size_t github = 0, gitlab = 0;
  for (const auto& payload : CorpusPayloads()) {
    github += payload.name.rfind("github/", 0) == 0;
    gitlab += payload.name.rfind("gitlab/", 0) == 0;
  }
  EXPECT_GE(github, 20u);
  EXPECT_GE(gitlab, 10u);
}

TEST(JsonSkimTest, KeptMembersEqualTheFullParseOfEveryCorpusPayload) {
  for (const auto& payload : CorpusPayloads()) {
    for (const auto* keep : {&kGithubKeep, &kGitlabKeep, &kRareKeep}) {
      EXPECT_TRUE(Agrees(payload.body, *keep, payload.name));
    }
    // Every member kept: the whole document.
    const nlohmann::json full = nlohmann::json::parse(payload.body);
    std::vector<std::string> all;
    for (const auto& [name, value] : full.items()) all.push_back(name);
    auto parsed = ParseObject(payload.body, all);
    ASSERT_TRUE(parsed.ok()) << payload.name;
    EXPECT_EQ(*parsed, full) << payload.name;
  }
}

TEST(JsonSkimTest, GitlabDeliveriesStillBecomeEvents) {
  std::size_t events = 0;
  for (const auto& payload : CorpusPayloads()) {
    if (payload.name.rfind("gitlab/", 0) != 0) continue;
    const nlohmann::json doc = nlohmann::json::parse(payload.body);
    const std::string kind = doc.value("object_kind", "");
    if (kind != "merge_request" && kind != "note") continue;  // API responses, not deliveries
    auto event = ParseGitlabEvent(payload.body);
    ASSERT_TRUE(event.ok()) << payload.name << ": " << event.status().message();
    EXPECT_EQ(event->repository, doc["project"]["path_with_namespace"].get<std::string>()) << payload.name;
    if (event->type == ForgeEvent::Type::kComment) {
      EXPECT_EQ(event->author, doc["user"]["username"].get<std::string>()) << payload.name;
      EXPECT_EQ(event->pull_request, doc["merge_request"]["iid"].get<int>()) << payload.name;
    }
    if (event->type == ForgeEvent::Type::kPullRequest) {
      EXPECT_EQ(event->pull_request, doc["object_attributes"]["iid"].get<int>()) << payload.name;
    }
    ++events;
  }
  EXPECT_GE(events, 10u);
}

TEST(JsonSkimTest, TruncatedPayloadsAreRefusedLikeNlohmannRefusesThem) {
  std::size_t checked = 0;
  for (const auto& payload : CorpusPayloads()) {
    for (std::size_t length = 0; length < payload.body.size(); length += 97) {
      const std::string cut = payload.body.substr(0, length);
      const std::string what = payload.name + " cut at " + std::to_string(length);
      ASSERT_TRUE(Agrees(cut, kGithubKeep, what));
      // The text ended early: both name the byte after the last one.
      EXPECT_EQ(ParseObject(cut, kGithubKeep).status().message(),
                "body is not valid JSON (at byte " + std::to_string(length + 1) + ")")
          << what;
      ++checked;
    }
  }
  EXPECT_GT(checked, 5000u);
}

// Replaces or inserts bytes at chosen places of every payload: structural characters swapped,
// digits turned into letters, raw control characters, bad escapes, lone surrogates, bytes that
// are not UTF-8.
TEST(JsonSkimTest, CorruptedPayloadsAreRefusedExactlyWhenNlohmannRefusesThem) {
  const std::string kStructural = "\"{}[],:\\";
  const std::vector<std::string> kReplacements = {"\"", "}", "]", ",", ":", "x", "0", "\x01", "\0"s, "\xC3"};
  const std::vector<std::string> kInsertions = {"\\x",      "\\u12",  "\\ud800",        "\\udc00x", "\\ud83d\\ude00",
                                                "\\u00e9",  "\t",     std::string(1, '\x1f'), "\xE2\x82\xAC", "\xED\xA0\x80",
                                                "\xF4\x90\x80\x80", "1e999", "01",   "-"};
  std::size_t checked = 0;
  std::size_t refused = 0;
  for (const auto& payload : CorpusPayloads()) {
    const std::string& body = payload.body;
    // A few of each structural character, and a digit, spread over the payload.
    std::vector<std::size_t> places;
    for (char c : kStructural + "7") {
      std::vector<std::size_t> at;
      for (std::size_t i = body.find(c); i != std::string::npos; i = body.find(c, i + 1)) at.push_back(i);
      for (std::size_t k = at.size() / 4; k < at.size(); k += std::max<std::size_t>(1, at.size() / 2)) places.push_back(at[k]);
    }
    for (std::size_t place : places) {
      for (const auto& replacement : kReplacements) {
        std::string corrupt = body;
        corrupt.replace(place, 1, replacement);
        const std::string what = payload.name + " byte " + std::to_string(place) + " replaced";
        ASSERT_TRUE(Agrees(corrupt, kGithubKeep, what, &refused));
        ++checked;
      }
    }
    // Insertions next to a quote: just inside or just outside a string.
    for (std::size_t place = body.find('"'); place != std::string::npos; place = body.find('"', place + 4001)) {
      for (const auto& insertion : kInsertions) {
        for (std::size_t at : {place + 1, place}) {
          std::string corrupt = body;
          corrupt.insert(at, insertion);
          ASSERT_TRUE(Agrees(corrupt, kGitlabKeep, payload.name + " insertion at " + std::to_string(at), &refused));
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 5000u);
  EXPECT_GT(refused, checked / 4);  // most corruptions break the body
}

TEST(JsonSkimTest, TrailingTextAndTopLevelValuesOtherThanObjects) {
  const std::string body = CorpusPayloads().front().body;
  for (const std::string& tail : std::vector<std::string>{"x", "}", "{}", ",", " 1", "\n\t ", "\0garbage"s, "\xEF\xBB\xBF"}) {
    EXPECT_TRUE(Agrees(body + tail, kGithubKeep, "with tail " + tail));
  }
  for (const std::string& text : std::vector<std::string>{"", " ", "[]", "[{\"ref\":1}]", "\"ref\"", "1", "null", "true", "{", "}", "{]",
                                  "\xEF\xBB\xBF{\"ref\":1}", "\xEF\xBB{}", "\xEF{}", " \xEF\xBB\xBF{}", "{} {}"}) {
    EXPECT_TRUE(Agrees(text, kGithubKeep, "body " + text));
  }
  auto array = ParseObject("[1, 2]", kGithubKeep);
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.status().message(), "body must be a JSON object");
  auto broken = ParseObject("{\"ref\": tru}", kGithubKeep);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message(), "body is not valid JSON (at byte 12)");
}

TEST(JsonSkimTest, SmallBodiesCoverTheGrammar) {
  const std::vector<std::string> bodies = {
      R"({})", R"( { } )", R"({"ref":"a","ref":"b"})", R"({"ref":1,"x":2,"ref":{"a":[]}})",
      R"({"r\u0065f":"escaped name","ref\"":1})", R"({"after":"\ud83d\ude00 \u00e9 \/ \b\f\n\r\t \" \\"})",
      R"({"x":"\ud800"})", R"({"x":"\udc00"})", R"({"x":"\ud800\u0041"})", R"({"x":"\ud800\\"})", R"({"x":"\u12G4"})",
      R"({"x":"\x"})", R"({"x":"\'"})", R"({"x":-0,"y":0.5e-3,"z":1E+2,"w":-12.75})", R"({"x":1e999})",
      R"({"ref":1e999})", R"({"x":-1e-999})", R"({"x":01})", R"({"x":1.})", R"({"x":.5})", R"({"x":-})", R"({"x":+1})",
      R"({"x":1e})", R"({"x":0x10})", R"({"x":tru})", R"({"x":nul})", R"({"x":True})", R"({"x":[1,]})", R"({"x":[,1]})",
      R"({"x":{"a":1,}})", R"({"x":{"a" 1}})", R"({"x":{1:1}})", R"({"x":[1 2]})", R"({"x":1,})", R"({,"x":1})",
      R"({"x"})", R"({"x":})", R"({"x":1 "y":2})", R"({"ref":[true,false,null,{"a":{"b":[[]]}}]})",
      "{\"x\":\"a\tb\"}", "{\"x\":\"a\x7f\"}", "{\"ref\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}", "{\"x\":\"\xC0\x80\"}",
      "{\"x\":\"\xE0\x80\x80\"}", "{\"x\":\"\xED\xA0\x80\"}", "{\"x\":\"\xF4\x90\x80\x80\"}", "{\"x\":\"\xF5\x80\x80\x80\"}",
      "{\"x\":\"\xC3\"}", "{\"x\":\"\xE2\x82\"}", "{\"x\":\"\xFF\"}", "{\"x\"\x00:1}"s, "{\"x\":1}\x00"s, "{\"x\":1\x00}"s,
      "{\r\n\t\"ref\" :\n\"a\" \r}", "{\"x\":1}\v", "{\"\xC3\xA9\":1,\"ref\":2}"};
  for (const auto& body : bodies) {
    for (const auto* keep : {&kGithubKeep, &kRareKeep}) EXPECT_TRUE(Agrees(body, *keep, "body " + body));
  }
  // nlohmann's own verdicts on the cases people ask about, so the comparison above cannot be vacuous.
  EXPECT_FALSE(ParseObject(R"({"x":"\ud800"})", kGithubKeep).ok());  // a lone surrogate escape
  EXPECT_FALSE(ParseObject(R"({"x":1e999})", kGithubKeep).ok());     // a number beyond a double
  EXPECT_TRUE(ParseObject(std::string("{\"ref\":1}\0tail", 14), kGithubKeep).ok());
  auto names = ParseObject(R"({"r\u0065f":"a","ref":"b","r\u0065f":"c"})", kGithubKeep);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, nlohmann::json({{"ref", "c"}}));
}

TEST(JsonSkimTest, NumbersBeyondADoubleAreRefusedWithoutKeepToo) {
  // nlohmann reports these as out_of_range, not parse_error; ParseObject must still answer.
  auto parsed = ParseObject(R"({"x":1e999})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message().rfind("body is not valid JSON", 0), 0u);
  EXPECT_FALSE(ParseObject("{\"x\":" + std::string(400, '9') + "}", kGithubKeep).ok());
  EXPECT_TRUE(ParseObject("{\"x\":" + std::string(300, '9') + "}", kGithubKeep).ok());
}

TEST(JsonSkimTest, DeepNestingInASkippedMemberNeitherCrashesNorDisagrees) {
  const std::size_t depth = 100000;
  const std::string open(depth, '['), close(depth, ']');
  const std::string nested = "{\"skipped\":" + open + close + ",\"ref\":\"main\"}";
  EXPECT_TRUE(Agrees(nested, kGithubKeep, "100000 nested arrays"));
  auto parsed = ParseObject(nested, kGithubKeep);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, nlohmann::json({{"ref", "main"}}));
  EXPECT_TRUE(Agrees("{\"skipped\":" + open + close.substr(1) + ",\"ref\":1}", kGithubKeep, "one bracket short"));
  EXPECT_TRUE(Agrees("{\"skipped\":" + open + "}" + close + "}", kGithubKeep, "mismatched bracket"));
  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  objects += "1" + std::string(depth, '}');
  EXPECT_TRUE(Agrees("{\"skipped\":" + objects + "}", kGithubKeep, "100000 nested objects"));
  // Deep inside a kept member: nlohmann builds it (the document is not compared, its comparison recurses).
  EXPECT_TRUE(ParseObject("{\"ref\":" + open + close + "}", kGithubKeep).ok());
  EXPECT_FALSE(ParseObject("{\"ref\":" + open + close.substr(1) + "}", kGithubKeep).ok());
}

TEST(JsonSkimTest, HugeStrings) {
  const std::string big(8 << 20, 'x');
  EXPECT_TRUE(Agrees("{\"skipped\":\"" + big + "\",\"ref\":\"main\"}", kGithubKeep, "8 MiB skipped string"));
  EXPECT_TRUE(Agrees("{\"ref\":\"" + big + "\"}", kGithubKeep, "8 MiB kept string"));
  EXPECT_TRUE(Agrees("{\"skipped\":\"" + big + "\\u00e9\\n\xC3\xA9\"}", kGithubKeep, "escapes after 8 MiB"));
  EXPECT_TRUE(Agrees("{\"skipped\":\"" + big + "\x01\"}", kGithubKeep, "control character after 8 MiB"));
  EXPECT_TRUE(Agrees("{\"skipped\":\"" + big, kGithubKeep, "unterminated 8 MiB string"));
  auto broken = ParseObject("{\"skipped\":\"" + big + "\\q\"}", kGithubKeep);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message(), "body is not valid JSON (at byte " + std::to_string(12 + big.size() + 2) + ")");
}

TEST(JsonSkimTest, SkimObjectSaysWhenTheTopLevelIsNotAnObject) {
  EXPECT_EQ(SkimObject("[1]", kGithubKeep).outcome, SkimResult::Outcome::kNotAnObject);
  EXPECT_EQ(SkimObject(" {}", kGithubKeep).outcome, SkimResult::Outcome::kObject);
  const SkimResult broken = SkimObject("{\"a\":[1,2}", kGithubKeep);
  EXPECT_EQ(broken.outcome, SkimResult::Outcome::kInvalid);
  EXPECT_EQ(broken.error_byte, 10u);
}

}  // namespace
}  // namespace faber::webhooks

namespace faber::webhooks {
namespace {

// A webhook body nested 100,000 deep is refused as JSON the handlers do not read, not parsed into
// a tree that every later walk would have to survive.
TEST(JsonSkimTest, ADeeplyNestedBodyIsRefused) {
  const std::string deep_array = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(ParseObject(deep_array).ok());
  const std::string deep_member = "{\"action\": \"opened\", \"x\": " + std::string(100000, '[') +
                                  std::string(100000, ']') + "}";
  auto parsed = ParseObject(deep_member, {"action"});
  if (parsed.ok()) {
    // The skimmer keeps only the members handlers read: the deep one is never built.
    EXPECT_FALSE(parsed->contains("x"));
    EXPECT_EQ((*parsed)["action"], "opened");
  }
  EXPECT_FALSE(ParseObject(deep_member).ok());  // kept whole, it would be built: refused
}

}  // namespace
}  // namespace faber::webhooks
