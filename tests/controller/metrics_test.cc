#include "controller/metrics.h"

#include <gtest/gtest.h>

namespace faber::controller {
namespace {

TEST(MetricsTest, RendersPrometheusTextWithEscapedLabels) {
  Metrics m;
  m.RecordRun("/srv/git/\"infra\"", "test", manifests::RunStatus::kSucceeded, 1.5, 1000);
  m.RecordRun("/srv/git/\"infra\"", "test", manifests::RunStatus::kFailed, 0.5, 2000);
  m.RecordError("/srv/x");
  m.RecordPass("/srv/x");
  std::string text = m.Render();
  const std::string labels = "repository=\"/srv/git/\\\"infra\\\"\",environment=\"test\"";
  EXPECT_NE(text.find("faber_runs_total{" + labels + ",status=\"succeeded\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("faber_runs_total{" + labels + ",status=\"failed\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("faber_run_duration_seconds_sum{" + labels + "} 2\n"), std::string::npos);
  EXPECT_NE(text.find("faber_run_duration_seconds_count{" + labels + "} 2\n"), std::string::npos);
  EXPECT_NE(text.find("faber_last_success_timestamp_seconds{" + labels + "} 1000\n"), std::string::npos);
  EXPECT_NE(text.find("faber_reconcile_errors_total{repository=\"/srv/x\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE faber_runs_total counter"), std::string::npos);
}

TEST(MetricsTest, LabelsNameRepositoriesWithoutTheirCredentials) {
  Metrics m;
  m.RecordRun("https://deploy:s3cr3t@git.example.com/infra.git", "test", manifests::RunStatus::kSucceeded, 1, 1);
  m.RecordError("https://ghp_token123@git.example.com/infra.git");
  m.RecordDriftCheck("https://deploy:s3cr3t@git.example.com/infra.git", "test", manifests::DriftVerdict::kInSync);
  m.RecordRequeue("https://deploy:s3cr3t@git.example.com/infra.git", "test", "transient");
  const std::string text = m.Render();
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
  EXPECT_EQ(text.find("ghp_token123"), std::string::npos) << text;
  EXPECT_NE(text.find("faber_runs_total{repository=\"https://git.example.com/infra.git\",environment=\"test\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("faber_reconcile_errors_total{repository=\"https://git.example.com/infra.git\"} 1\n"),
            std::string::npos)
      << text;
}

TEST(MetricsTest, DriftChecksCountByOutcomeAndTheGaugeKeepsTheLastConclusiveOne) {
  Metrics m;
  m.RecordDriftCheck("/srv/a", "prod", manifests::DriftVerdict::kDrifted);
  m.RecordDriftCheck("/srv/a", "test", manifests::DriftVerdict::kInSync);
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE faber_environment_drifted gauge\n"), std::string::npos) << text;
  EXPECT_NE(text.find("faber_environment_drifted{repository=\"/srv/a\",environment=\"prod\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("faber_environment_drifted{repository=\"/srv/a\",environment=\"test\"} 0\n"), std::string::npos);

  // A failed check says nothing about drift: prod stays drifted, the failure is counted.
  m.RecordDriftCheck("/srv/a", "prod", manifests::DriftVerdict::kFailed);
  m.RecordDriftCheck("/srv/a", "test", manifests::DriftVerdict::kDrifted);
  text = m.Render();
  EXPECT_NE(text.find("faber_environment_drifted{repository=\"/srv/a\",environment=\"prod\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("faber_environment_drifted{repository=\"/srv/a\",environment=\"test\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("faber_drift_checks_total{repository=\"/srv/a\",environment=\"prod\",status=\"drifted\"} 1\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("faber_drift_checks_total{repository=\"/srv/a\",environment=\"prod\",status=\"failed\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE faber_drift_checks_total counter\n"), std::string::npos);
}

TEST(MetricsTest, WebhookDeliveriesCountByForgeEventAndOutcome) {
  Metrics m;
  using webhooks::DeliveryOutcome;
  m.ObserveDelivery(webhooks::ForgeKind::kGithub, "push", DeliveryOutcome::kAccepted);
  m.ObserveDelivery(webhooks::ForgeKind::kGithub, "push", DeliveryOutcome::kAccepted);
  m.ObserveDelivery(webhooks::ForgeKind::kGitlab, "other", DeliveryOutcome::kIgnored);
  m.ObserveDelivery(webhooks::ForgeKind::kGitea, "issue_comment", DeliveryOutcome::kRejectedSignature);
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE faber_webhook_deliveries_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("faber_webhook_deliveries_total{forge=\"github\",event=\"push\",outcome=\"accepted\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("faber_webhook_deliveries_total{forge=\"gitlab\",event=\"other\",outcome=\"ignored\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "faber_webhook_deliveries_total{forge=\"gitea\",event=\"issue_comment\",outcome=\"rejected_signature\"} 1\n"),
      std::string::npos);
}

TEST(MetricsTest, EventLabelsAreBoundedWhateverTheHeaderSays) {
  using webhooks::ForgeKind;
  EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGithub, "pull_request"), "pull_request");
  EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGitea, "issue_comment"), "issue_comment");
  EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGitlab, "Merge Request Hook"), "merge_request");
  EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGitlab, "Note Hook"), "note");
  for (const std::string& header : {std::string("workflow_run"), std::string("push\"} 1\nfake 2"),
                                    std::string(5000, 'x'), std::string(""), std::string("Pipeline Hook")}) {
    EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGithub, header), "other") << header;
    EXPECT_EQ(webhooks::DeliveryEventLabel(ForgeKind::kGitlab, header), "other") << header;
  }
}

}  // namespace
}  // namespace faber::controller
