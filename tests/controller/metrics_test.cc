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

}  // namespace
}  // namespace faber::controller
