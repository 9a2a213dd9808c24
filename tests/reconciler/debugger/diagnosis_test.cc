#include "reconciler/debugger/diagnosis.h"

#include <gtest/gtest.h>

#include <set>

#include "reconciler/debugger/builtin_knowledge.h"
#include "reconciler/debugger/knowledge_base.h"
#include "reconciler/debugger/learning.h"
#include "reconciler/debugger/normalizer.h"

namespace faber::reconciler::debugger {
namespace {

Diagnosis DiagnoseAlone(const std::string& text, const std::map<std::string, IssueLogEntry>& log = {},
                        const std::string& env = "test") {
  IssueIndex index(log);
  return Diagnose(text, DebugContext{env, "apply", "2026-11-24T10:00:00.000Z"}, log, index);
}

TEST(DiagnosisTest, TheSameErrorFromAnotherRunAndAccountGetsTheSameIssueId) {
  Diagnosis a = DiagnoseAlone(
      "│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this operation. "
      "User: arn:aws:sts::111122223333:assumed-role/deploy/i-0abc123def4567890 is not authorized\n"
      "│       status code: 403, request id: 0d394442-5c7b-456b-b1f4-45edd2d60b6b\n│   with aws_instance.web,\n");
  Diagnosis b = DiagnoseAlone(
      "Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this operation. "
      "User: arn:aws:sts::444455556666:assumed-role/ci/i-0fedcba9876543210 is not authorized\n"
      "        status code: 403, request id: 9f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b\n  with aws_instance.api,\n");
  EXPECT_EQ(a.issue_id, b.issue_id) << a.normalized_message << "\n" << b.normalized_message;
  EXPECT_EQ(a.category.category, "permission");
  EXPECT_EQ(a.error.http_status, 403);
}

TEST(DiagnosisTest, TimestampsIpsAndNamesDoNotSplitAnIssue) {
  Diagnosis a = DiagnoseAlone("Error: error creating DynamoDB Table: ResourceInUseException: Table already exists: "
                              "\"orders-prod\" at 2024-05-01T10:22:00Z from 10.0.1.17:443");
  Diagnosis b = DiagnoseAlone("Error: error creating DynamoDB Table: ResourceInUseException: Table already exists: "
                              "\"sessions-test\" at 2025-12-31T23:59:59Z from 172.16.4.2:8443");
  EXPECT_EQ(a.issue_id, b.issue_id);
}

TEST(DiagnosisTest, DifferentErrorsGetDifferentIssueIds) {
  std::set<std::string> ids;
  for (const char* text : {
           "Error: creating EC2 Instance: InvalidAMIID.NotFound: The image id 'ami-12c6146b' does not exist",
           "Error: creating EC2 Instance: InvalidSubnetID.NotFound: The subnet ID 'subnet-0abc1234' does not exist",
           "Error: creating S3 Bucket (logs): BucketAlreadyExists: The requested bucket name is not available",
           "Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this operation.",
           "Error: Error acquiring the state lock: ConditionalCheckFailedException: The conditional request failed",
           "Error: Invalid count argument",
       }) {
    EXPECT_TRUE(ids.insert(DiagnoseAlone(text).issue_id).second) << text;
  }
}

TEST(DiagnosisTest, AnUnknownErrorTextStillGetsACategoryAndAReason) {
  Diagnosis d = DiagnoseAlone("something odd happened in the flux capacitor");
  EXPECT_EQ(d.category.category, "config");
  EXPECT_NE(d.category.reason.find("no rule matched"), std::string::npos);
  EXPECT_FALSE(d.issue_id.empty());
  EXPECT_NE(DiagnosisToMarkdown(d).find("faber resolved"), std::string::npos);
}

TEST(DiagnosisTest, TheLearningLoopReRanksByMeasuredSuccess) {
  const std::string text = "Error: Error acquiring the state lock: ConditionalCheckFailedException: The conditional request failed\n"
                           "Lock Info:\n  ID:        6fa1e4b2-1c1d-4a8e-9f6a-1234567890ab\n";
  std::map<std::string, IssueLogEntry> log;
  Diagnosis first = DiagnoseAlone(text, log);
  EXPECT_FALSE(first.known);
  EXPECT_EQ(first.error.lock_id, "6fa1e4b2-1c1d-4a8e-9f6a-1234567890ab");
  ASSERT_GE(first.solutions.size(), 2u);
  // A new error is logged with the knowledge base's solutions.
  IssueLogEntry entry = RecordOccurrence(first, log, {"test", "apply", "2026-11-24T10:00:00.000Z"});
  EXPECT_EQ(entry.occurrence_count, 1);
  ASSERT_EQ(entry.solutions.size(), 2u);
  // Unlocking fails twice and waiting works twice: waiting must now rank first, unlocking is
  // flagged as not applicable.
  for (int i = 0; i < 2; ++i) {
    entry = *RecordOutcome(entry, {"unlock-stale-lock", "", false, "test", "2026-11-24T10:05:00.000Z"});
    entry = *RecordOutcome(entry, {"wait-for-lock", "", true, "test", "2026-11-24T10:10:00.000Z"});
  }
  log[entry.issue_id] = entry;
  Diagnosis again = DiagnoseAlone(text, log);
  EXPECT_TRUE(again.known);
  ASSERT_FALSE(again.solutions.empty());
  EXPECT_EQ(again.solutions[0].solution.solution_id, "wait-for-lock");
  EXPECT_EQ(again.solutions[0].solution.successes, 2);
  EXPECT_EQ(again.solutions[0].confidence, "high");
  bool unlock_flagged = false;
  for (const auto& r : again.solutions) unlock_flagged |= r.solution.solution_id == "unlock-stale-lock" && !r.applicable;
  EXPECT_TRUE(unlock_flagged);
  auto stats = IssueStatistics(log);
  EXPECT_EQ(stats["issues"], 1);
  EXPECT_EQ(stats["categories"]["state"], 1);
  EXPECT_DOUBLE_EQ(stats["average_resolution_seconds"].get<double>(), 600.0);
}

TEST(DiagnosisTest, AManualSolutionIsLearnedAndProposedForANovelError) {
  const std::string text = "Error: frobnicating widget: WidgetJammed: the widget is jammed in zone 3";
  std::map<std::string, IssueLogEntry> log;
  Diagnosis first = DiagnoseAlone(text, log);
  EXPECT_TRUE(first.solutions.empty());
  IssueLogEntry entry = RecordOccurrence(first, log, {"test", "apply", "2026-11-24T10:00:00.000Z"});
  auto taught = RecordOutcome(entry, {"", "Restart the widget controller, then apply again", true, "test", "2026-11-24T11:00:00.000Z"});
  ASSERT_TRUE(taught.ok());
  log[taught->issue_id] = *taught;
  // The same error in another zone finds what fixed it.
  Diagnosis again = DiagnoseAlone("Error: frobnicating widget: WidgetJammed: the widget is jammed in zone 7", log, "prod");
  EXPECT_TRUE(again.known);
  ASSERT_FALSE(again.solutions.empty());
  EXPECT_EQ(again.solutions[0].solution.description, "Restart the widget controller, then apply again");
  // An unknown solution id is an error naming the known ones.
  auto wrong = RecordOutcome(*taught, {"no-such-fix", "", true, "test", "2026-11-24T12:00:00.000Z"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("manual-"), std::string::npos);
}

TEST(DiagnosisTest, SecretsInTheErrorNeverReachTheLog) {
  Diagnosis d = DiagnoseAlone("Error: connecting: password=hunter2secret rejected for postgres://admin:s3cr3tpass@db:5432/app");
  IssueLogEntry e = RecordOccurrence(d, {}, {"test", "apply", "2026-11-24T10:00:00.000Z"});
  std::string stored = e.ToJson().dump();
  EXPECT_EQ(stored.find("hunter2secret"), std::string::npos);
  EXPECT_EQ(stored.find("s3cr3tpass"), std::string::npos);
}

// The built-in knowledge is read from the trees compiled from manifests/knowledge; it must be
// what parsing the files themselves gives.
TEST(KnowledgeBaseTest, TheCompiledInTreesGiveTheEntriesTheFilesDefine) {
  size_t total = 0;
  for (const auto& file : BuiltinKnowledgeFiles()) {
    auto from_text = ParseKnowledgeFile(std::string(file.text), std::string(file.name));
    auto from_tree = ParseEmbeddedKnowledge(file);
    ASSERT_TRUE(from_text.ok()) << from_text.status().message();
    ASSERT_TRUE(from_tree.ok()) << from_tree.status().message();
    ASSERT_EQ(from_tree->size(), from_text->size()) << file.name;
    for (size_t i = 0; i < from_text->size(); ++i) {
      const KnowledgeEntry& want = (*from_text)[i];
      const KnowledgeEntry& got = (*from_tree)[i];
      EXPECT_EQ(got.id, want.id);
      EXPECT_EQ(got.title, want.title) << want.id;
      EXPECT_EQ(got.category, want.category) << want.id;
      EXPECT_EQ(got.code_pattern_text, want.code_pattern_text) << want.id;
      EXPECT_EQ(got.pattern_text, want.pattern_text) << want.id;
      ASSERT_EQ(got.solutions.size(), want.solutions.size()) << want.id;
      for (size_t j = 0; j < want.solutions.size(); ++j) {
        EXPECT_EQ(got.solutions[j].solution_id, want.solutions[j].solution_id) << want.id;
        EXPECT_EQ(got.solutions[j].description, want.solutions[j].description) << want.id;
        EXPECT_EQ(got.solutions[j].steps, want.solutions[j].steps) << want.id;
        EXPECT_EQ(got.solutions[j].automation.automated, want.solutions[j].automation.automated) << want.id;
        EXPECT_EQ(got.solutions[j].automation.remedy, want.solutions[j].automation.remedy) << want.id;
        EXPECT_EQ(got.solutions[j].impact, want.solutions[j].impact) << want.id;
      }
    }
    total += from_text->size();
  }
  EXPECT_EQ(BuiltinKnowledge().size(), total);
}

TEST(KnowledgeBaseTest, ShipsAtLeastSixtyDocumentedEntries) {
  const auto& kb = BuiltinKnowledge();
  EXPECT_GE(kb.size(), 60u);
  std::set<std::string> ids;
  for (const auto& k : kb) {
    EXPECT_TRUE(ids.insert(k.id).second) << k.id;
    EXPECT_EQ(k.source.rfind("https://", 0), 0u) << k.id;
    EXPECT_FALSE(k.solutions.empty()) << k.id;
  }
  auto bad = ParseKnowledgeFile("entries:\n  - id: x\n    category: config\n    source: https://x\n    solutions: []\n", "k.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("k.yaml:2"), std::string::npos) << bad.status().message();
}

TEST(NormalizerTest, PatternsAreDataAndExtensible) {
  Normalizer n;
  EXPECT_EQ(n.Normalize("Volume vol-0123456789abcdef0 in subnet-0aa11bb22 (acct 123456789012)"),
            "volume <vol-id> in <subnet-id> (acct <account>)");
  n.Add("ticket", R"(JIRA-\d+)", "<ticket>");
  EXPECT_EQ(n.Normalize("see JIRA-42"), "see <ticket>");
}

}  // namespace
}  // namespace faber::reconciler::debugger
