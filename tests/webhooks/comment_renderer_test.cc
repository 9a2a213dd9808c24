// Where the plan's summary goes in a comment, what is collapsed, and how <details> blocks survive
// the cut into parts at a forge's limit.
#include "webhooks/comment_renderer.h"

#include <gtest/gtest.h>

namespace faber::webhooks {
namespace {

const std::string kPlan =
    "### Plan for test: 1 to add, 0 to change, 1 to destroy\n\n"
    "> [!CAUTION]\n> **1 resource(s) will be destroyed**:\n> - `aws_db_instance.old`\n\n"
    "#### Destroy (1)\n\n- `aws_db_instance.old`\n\n#### Create (1)\n\n- `aws_s3_bucket.new`\n\n";

RunReport Preview(SectionStatus plan_status) {
  RunReport r;
  r.environment = "test";
  r.commit = "0123456789abcdef0123456789abcdef01234567";
  r.pull_request = 5;
  r.kind = manifests::RunKind::kPreview;
  r.status = plan_status == SectionStatus::kFailed ? ReportStatus::kFailed : ReportStatus::kSucceeded;
  r.sections = {{"pre-deployment tests", webhooks::SectionStatus::kPassed, "9 test cases", ""},
                {"plan", plan_status, "exit code 0", "Terraform will perform the following actions:\n  # raw plan\n", true}};
  r.plan_markdown = kPlan;
  return r;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(CommentRendererTest, ThePlanSummaryIsShownAndTheRawPlanCollapsed) {
  common::Redactor redactor;
  std::string md = RenderReport(Preview(SectionStatus::kPassed), redactor);
  size_t summary = md.find("### Plan for test: 1 to add, 0 to change, 1 to destroy");
  ASSERT_NE(summary, std::string::npos) << md;
  EXPECT_NE(md.find("**1 resource(s) will be destroyed**"), std::string::npos);
  size_t raw = md.find("Terraform will perform the following actions");
  ASSERT_NE(raw, std::string::npos);
  EXPECT_LT(summary, raw);  // the summary first, the raw output after it...
  size_t details = md.rfind("<details><summary>plan output (2 lines)</summary>", raw);
  ASSERT_NE(details, std::string::npos) << md;  // ...collapsed
  EXPECT_GT(details, summary);
  EXPECT_NE(md.find("</details>", raw), std::string::npos);
}

TEST(CommentRendererTest, AFailedPlanStaysOpenAndComesFirst) {
  common::Redactor redactor;
  RunReport r = Preview(SectionStatus::kFailed);
  r.plan_markdown.clear();
  r.sections[1].output = "Error: Invalid reference\n";
  std::string md = RenderReport(r, redactor);
  EXPECT_EQ(md.find("<details>"), std::string::npos) << md;
  EXPECT_NE(md.find("#### plan: failed (exit code 0)\n\n```text\nError: Invalid reference\n```"), std::string::npos) << md;
}

TEST(CommentRendererTest, WithoutAPlanSummaryOnlyLongPassingOutputIsCollapsed) {
  common::Redactor redactor;
  RunReport r = Preview(SectionStatus::kPassed);
  r.plan_markdown.clear();
  EXPECT_EQ(RenderReport(r, redactor).find("<details>"), std::string::npos);
  for (int i = 0; i < 40; ++i) r.sections[1].output += "  + resource line " + std::to_string(i) + "\n";
  std::string md = RenderReport(r, redactor);
  EXPECT_NE(md.find("<details><summary>plan output (42 lines)</summary>"), std::string::npos) << md;
}

TEST(CommentRendererTest, ThePlanComesAfterTheFailureAndTheProposal) {
  common::Redactor redactor;
  RunReport r = Preview(SectionStatus::kPassed);
  r.kind = manifests::RunKind::kDeploy;
  r.status = webhooks::ReportStatus::kFailed;
  r.sections.push_back({"deploy", webhooks::SectionStatus::kFailed, "exit code 1", "Error: AccessDenied\n"});
  r.proposal_markdown = "1. Grant s3:CreateBucket";
  std::string md = RenderReport(r, redactor);
  size_t failure = md.find("Error: AccessDenied");
  size_t proposal = md.find("What faber proposes");
  size_t plan = md.find("### Plan for test");
  ASSERT_NE(plan, std::string::npos);
  EXPECT_LT(failure, proposal);
  EXPECT_LT(proposal, plan);
}

TEST(CommentRendererTest, TheSummaryIsRedactedLikeEverythingElse) {
  common::Redactor redactor;
  redactor.AddSecretValue("s3cr3t-db-password-value");
  RunReport r = Preview(SectionStatus::kPassed);
  r.plan_markdown += "- `aws_db_instance.x`: s3cr3t-db-password-value\n";
  std::string md = RenderReport(r, redactor);
  EXPECT_EQ(md.find("s3cr3t-db-password-value"), std::string::npos) << md;
}

TEST(CommentSplitDetailsTest, ADetailsBlockOpenAtACutIsClosedAndReopened) {
  std::string text = "intro\n\n<details><summary><b>Create (400)</b></summary>\n\n";
  for (int i = 0; i < 400; ++i) text += "- `aws_s3_bucket.b" + std::to_string(i) + "`\n";
  text += "\n</details>\n\nafter\n";
  auto pieces = SplitMarkdown(text, 2000);
  ASSERT_GT(pieces.size(), 3u);
  for (size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_LE(pieces[i].size(), 2000u - 150) << i;
    // Every piece opens and closes its <details> blocks itself.
    EXPECT_EQ(Count(pieces[i], "<details>"), Count(pieces[i], "</details>")) << pieces[i];
    if (i > 0 && i + 1 < pieces.size()) {
      EXPECT_NE(pieces[i].find("<details><summary><b>Create (400)</b></summary>"), std::string::npos) << pieces[i];
    }
  }
  EXPECT_NE(pieces.back().find("after"), std::string::npos);
  // Nothing lost: every resource is in some piece, once.
  std::string all;
  for (const auto& p : pieces) all += p;
  for (int i = 0; i < 400; ++i) EXPECT_EQ(Count(all, "`aws_s3_bucket.b" + std::to_string(i) + "`\n"), 1u) << i;
}

TEST(CommentSplitDetailsTest, ACodeBlockInsideDetailsIsClosedBeforeTheDetails) {
  std::string text = "<details><summary>plan output (300 lines)</summary>\n\n```text\n";
  for (int i = 0; i < 300; ++i) text += "  + aws_instance.web[" + std::to_string(i) + "] will be created\n";
  text += "```\n\n</details>\n";
  auto pieces = SplitMarkdown(text, 3000);
  ASSERT_GT(pieces.size(), 2u);
  for (size_t i = 0; i + 1 < pieces.size(); ++i) {
    std::string tail = pieces[i].substr(pieces[i].size() - 16);
    EXPECT_EQ(tail, "```\n\n</details>\n") << pieces[i];
    EXPECT_EQ(pieces[i + 1].find("_(continued from the previous comment)_\n\n<details><summary>plan output (300 lines)"
                                 "</summary>\n\n```text\n"),
              0u)
        << pieces[i + 1];
  }
  EXPECT_EQ(Count(pieces.back(), "</details>"), 1u);
}

TEST(CommentSplitDetailsTest, DetailsInsideACodeBlockAreText) {
  std::string text = "```text\n<details>\n";
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + "\n";
  text += "```\n";
  auto pieces = SplitMarkdown(text, 1000);
  ASSERT_GT(pieces.size(), 1u);
  for (size_t i = 1; i < pieces.size(); ++i) EXPECT_EQ(pieces[i].find("<details>"), std::string::npos) << pieces[i];
}

// Every character a hostile comment could use to ping, inject HTML, link, or break out of code.
TEST(EchoTextTest, HostileTextEndsUpInOneCodeSpanOnOneLine) {
  const std::string hostile =
      "@org/team <img src=x onerror=alert(1)> [x](http://evil) " + std::string("`` | ") + "\nsecond line\r\n> quote";
  std::string echo = EchoText(hostile);
  EXPECT_EQ(echo.find('\n'), std::string::npos) << echo;
  EXPECT_EQ(echo.find('\r'), std::string::npos) << echo;
  // One span from the first byte to the last: GitHub renders nothing inside a code span.
  ASSERT_GE(echo.size(), 2u);
  EXPECT_EQ(echo.front(), '`');
  EXPECT_EQ(echo.back(), '`');
  EXPECT_EQ(Count(echo, "`"), 2u) << echo;
  EXPECT_NE(echo.find("@org/team <img src=x onerror=alert(1)> [x](http://evil) '' |"), std::string::npos) << echo;
  EXPECT_LE(echo.size(), kMaxEchoedBytes + 2 + 3);  // the span's backticks and the ellipsis
}

TEST(EchoTextTest, LongTextIsCutAtACharacterAndEmptyTextStaysASpan) {
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "\xc3\xa9";  // é, two bytes each
  std::string echo = EchoText(long_text);
  EXPECT_LE(echo.size(), kMaxEchoedBytes + 2 + 3);
  std::string inside = echo.substr(1, echo.size() - 2);
  ASSERT_GE(inside.size(), 3u);
  EXPECT_EQ(inside.substr(inside.size() - 3), "\xe2\x80\xa6") << echo;
  std::string kept = inside.substr(0, inside.size() - 3);
  EXPECT_EQ(kept.size() % 2, 0u) << "a character was cut in half";
  EXPECT_EQ(EchoText(""), "` `");
}

}  // namespace
}  // namespace faber::webhooks
