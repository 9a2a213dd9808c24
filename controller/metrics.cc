#include "controller/metrics.h"

#include <sstream>

#include "common/url_userinfo.h"

namespace faber::controller {

std::string PrometheusLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Labels name a repository by its URL without userinfo: a token in the URL must not reach /metrics.
void Metrics::RecordRun(const std::string& repository, const std::string& environment, manifests::RunStatus status,
                        double seconds, double finished_unix) {
  std::lock_guard lock(mu_);
  runs_[{common::WithoutUserinfo(repository), environment, manifests::RunStatusName(status)}]++;
  duration_sum_[{common::WithoutUserinfo(repository), environment}] += seconds;
  duration_count_[{common::WithoutUserinfo(repository), environment}]++;
  if (status == manifests::RunStatus::kSucceeded)
    last_success_[{common::WithoutUserinfo(repository), environment}] = finished_unix;
}

void Metrics::RecordError(const std::string& repository) {
  std::lock_guard lock(mu_);
  errors_[common::WithoutUserinfo(repository)]++;
}

void Metrics::RecordPass(const std::string& repository) {
  std::lock_guard lock(mu_);
  passes_[common::WithoutUserinfo(repository)]++;
}

void Metrics::RecordDriftCheck(const std::string& repository, const std::string& environment,
                               manifests::DriftVerdict verdict) {
  std::lock_guard lock(mu_);
  drift_checks_[{common::WithoutUserinfo(repository), environment, manifests::DriftVerdictName(verdict)}]++;
  if (verdict != manifests::DriftVerdict::kFailed) {
    drifted_[{common::WithoutUserinfo(repository), environment}] = verdict == manifests::DriftVerdict::kDrifted ? 1 : 0;
  }
}

void Metrics::RecordRequeue(const std::string& repository, const std::string& environment, const std::string& kind) {
  std::lock_guard lock(mu_);
  requeues_[{common::WithoutUserinfo(repository), environment, kind}]++;
}

void Metrics::ObserveDelivery(webhooks::ForgeKind forge, const std::string& event, webhooks::DeliveryOutcome outcome) {
  std::lock_guard lock(mu_);
  deliveries_[{webhooks::ForgeKindName(forge), event, webhooks::DeliveryOutcomeName(outcome)}]++;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  auto env_labels = [](const EnvKey& k) {
    return "repository=\"" + PrometheusLabel(std::get<0>(k)) + "\",environment=\"" + PrometheusLabel(std::get<1>(k)) + "\"";
  };
  out << "# HELP faber_runs_total Pipeline runs by outcome.\n# TYPE faber_runs_total counter\n";
  for (const auto& [k, v] : runs_) {
    out << "faber_runs_total{" << env_labels({std::get<0>(k), std::get<1>(k)}) << ",status=\""
        << PrometheusLabel(std::get<2>(k)) << "\"} " << v << "\n";
  }
  out << "# HELP faber_run_duration_seconds Pipeline run durations.\n# TYPE faber_run_duration_seconds summary\n";
  for (const auto& [k, v] : duration_sum_) out << "faber_run_duration_seconds_sum{" << env_labels(k) << "} " << v << "\n";
  for (const auto& [k, v] : duration_count_) out << "faber_run_duration_seconds_count{" << env_labels(k) << "} " << v << "\n";
  out << "# HELP faber_last_success_timestamp_seconds When the environment last deployed successfully.\n"
         "# TYPE faber_last_success_timestamp_seconds gauge\n";
  for (const auto& [k, v] : last_success_) out << "faber_last_success_timestamp_seconds{" << env_labels(k) << "} " << v << "\n";
  out << "# HELP faber_reconcile_errors_total Reconcile passes that could not run.\n"
         "# TYPE faber_reconcile_errors_total counter\n";
  for (const auto& [k, v] : errors_) out << "faber_reconcile_errors_total{repository=\"" << PrometheusLabel(k) << "\"} " << v << "\n";
  out << "# HELP faber_reconcile_passes_total Completed reconcile passes.\n# TYPE faber_reconcile_passes_total counter\n";
  for (const auto& [k, v] : passes_) out << "faber_reconcile_passes_total{repository=\"" << PrometheusLabel(k) << "\"} " << v << "\n";
  out << "# HELP faber_drift_checks_total Drift checks (refresh-only plans) by outcome.\n"
         "# TYPE faber_drift_checks_total counter\n";
  for (const auto& [k, v] : drift_checks_) {
    out << "faber_drift_checks_total{" << env_labels({std::get<0>(k), std::get<1>(k)}) << ",status=\""
        << PrometheusLabel(std::get<2>(k)) << "\"} " << v << "\n";
  }
  out << "# HELP faber_environment_drifted Whether the last conclusive drift check found changes made outside faber.\n"
         "# TYPE faber_environment_drifted gauge\n";
  for (const auto& [k, v] : drifted_) out << "faber_environment_drifted{" << env_labels(k) << "} " << v << "\n";
  out << "# HELP faber_requeues_total Reconciles scheduled again (backoff, delay) or left for a person (stalled).\n"
         "# TYPE faber_requeues_total counter\n";
  for (const auto& [k, v] : requeues_) {
    out << "faber_requeues_total{" << env_labels({std::get<0>(k), std::get<1>(k)}) << ",kind=\""
        << PrometheusLabel(std::get<2>(k)) << "\"} " << v << "\n";
  }
  out << "# HELP faber_webhook_deliveries_total Webhook deliveries by forge, event and outcome.\n"
         "# TYPE faber_webhook_deliveries_total counter\n";
  for (const auto& [k, v] : deliveries_) {
    out << "faber_webhook_deliveries_total{forge=\"" << PrometheusLabel(std::get<0>(k)) << "\",event=\""
        << PrometheusLabel(std::get<1>(k)) << "\",outcome=\"" << PrometheusLabel(std::get<2>(k)) << "\"} " << v << "\n";
  }
  return out.str();
}

}  // namespace faber::controller
