#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "manifests/run_vocabulary.h"
#include "webhooks/delivery_observer.h"

namespace faber::controller {

// The server's counters, rendered in the Prometheus text format for /metrics.
class Metrics : public webhooks::DeliveryObserver {
 public:
  // Counts a finished run of `environment` with `status`, taking `seconds`.
  void RecordRun(const std::string& repository, const std::string& environment, manifests::RunStatus status,
                 double seconds, double finished_unix);
  // Counts a reconcile pass that could not run (bad config, unreachable repository).
  void RecordError(const std::string& repository);
  // Counts a completed polling pass.
  void RecordPass(const std::string& repository);
  // Counts a drift check of `environment` (in_sync | drifted | failed) and sets its drifted
  // gauge (1 drifted, 0 in sync; a failed check leaves the gauge as it was: nothing was learnt).
  void RecordDriftCheck(const std::string& repository, const std::string& environment, manifests::DriftVerdict verdict);
  // Counts a requeue decision for `environment` (backoff | delay | stalled).
  void RecordRequeue(const std::string& repository, const std::string& environment, const std::string& kind);
  // Counts a webhook delivery by forge, event label (bounded by DeliveryEventLabel) and outcome.
  void ObserveDelivery(webhooks::ForgeKind forge, const std::string& event, webhooks::DeliveryOutcome outcome) override;
  // Returns every metric in the Prometheus text exposition format.
  std::string Render() const;

 private:
  using EnvKey = std::tuple<std::string, std::string>;
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, std::string>, long> runs_;
  std::map<EnvKey, double> duration_sum_;
  std::map<EnvKey, long> duration_count_;
  std::map<EnvKey, double> last_success_;
  std::map<std::string, long> errors_;
  std::map<std::string, long> passes_;
  std::map<std::tuple<std::string, std::string, std::string>, long> drift_checks_;
  std::map<EnvKey, int> drifted_;
  std::map<std::tuple<std::string, std::string, std::string>, long> requeues_;
  std::map<std::tuple<std::string, std::string, std::string>, long> deliveries_;  // forge, event, outcome
};

// Escapes a Prometheus label value.
std::string PrometheusLabel(const std::string& value);

}  // namespace faber::controller
