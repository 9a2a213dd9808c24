#pragma once

#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <unordered_set>

namespace faber::webhooks {

// Remembers the delivery ids seen recently, so a replayed delivery (captured and sent again, or
// redelivered by the forge) does not run anything twice. Bounded: the oldest ids are forgotten.
// With a file, the ids outlive a restart: a delivery captured before it is still refused after.
class DeliveryLog {
 public:
  explicit DeliveryLog(size_t capacity = 10000) : capacity_(capacity) {}
  // Loads the ids kept in `file` (one a line; a missing file is an empty log; an empty path: in
  // memory only) and appends each new one to it; the file is rewritten with the ids still remembered when it grows past twice the
  // capacity. A file that cannot be written leaves the log in memory only (logged once).
  DeliveryLog(size_t capacity, std::filesystem::path file);
  // Records `id`; returns false when it was already seen.
  bool FirstSeen(const std::string& id);

 private:
  void Remember(const std::string& id);
  void Persist(const std::string& id);

  std::mutex mu_;
  size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> seen_;
  std::filesystem::path file_;
  std::ofstream out_;
  size_t lines_ = 0;  // in the file
};

}  // namespace faber::webhooks
