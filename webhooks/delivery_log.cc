#include "webhooks/delivery_log.h"

#include <spdlog/spdlog.h>

namespace faber::webhooks {

DeliveryLog::DeliveryLog(size_t capacity, std::filesystem::path file) : capacity_(capacity), file_(std::move(file)) {
  if (file_.empty()) return;
  std::ifstream in(file_);
  for (std::string id; std::getline(in, id);) {
    ++lines_;
    if (!id.empty() && !seen_.count(id)) Remember(id);
  }
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  out_.open(file_, std::ios::app);
  if (!out_) spdlog::warn("{}: cannot be written; replayed deliveries are refused until a restart only", file_.string());
}

void DeliveryLog::Remember(const std::string& id) {
  seen_.insert(id);
  order_.push_back(id);
  if (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
}

void DeliveryLog::Persist(const std::string& id) {
  // An id is one header value; one with a line break would split into two ids when read back.
  if (!out_ || id.find_first_of("\r\n") != std::string::npos) return;
  out_ << id << '\n' << std::flush;
  if (++lines_ <= 2 * capacity_) return;
  // Rewritten through a temporary file, so a crash leaves the old file or the new one.
  std::filesystem::path fresh = file_.string() + ".new";
  {
    std::ofstream rewrite(fresh, std::ios::trunc);
    for (const auto& kept : order_) rewrite << kept << '\n';
    if (!rewrite.flush()) return;
  }
  std::error_code ec;
  std::filesystem::rename(fresh, file_, ec);
  if (ec) return;
  out_.close();
  out_.open(file_, std::ios::app);
  lines_ = order_.size();
}

bool DeliveryLog::FirstSeen(const std::string& id) {
  std::lock_guard lock(mu_);
  if (seen_.count(id)) return false;
  Remember(id);
  if (!file_.empty()) Persist(id);
  return true;
}

}  // namespace faber::webhooks
