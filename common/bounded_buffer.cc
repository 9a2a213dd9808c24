#include "common/bounded_buffer.h"

namespace faber::common {

void BoundedBuffer::Append(std::string_view data) {
  const size_t head_limit = max_bytes_ / 2;
  if (head_.size() < head_limit) {
    size_t n = std::min(data.size(), head_limit - head_.size());
    head_.append(data.substr(0, n));
    data.remove_prefix(n);
  }
  if (data.empty()) return;
  const size_t tail_limit = max_bytes_ - head_limit;
  tail_.append(data);
  // Trim in chunks so appending many small pieces stays linear overall.
  if (tail_.size() > 2 * tail_limit + 4096) {
    size_t drop = tail_.size() - tail_limit;
    omitted_ += drop;
    tail_.erase(0, drop);
  }
}

std::string BoundedBuffer::Take() const {
  const size_t tail_limit = max_bytes_ - max_bytes_ / 2;
  size_t omitted = omitted_;
  std::string_view tail = tail_;
  if (tail.size() > tail_limit) {
    omitted += tail.size() - tail_limit;
    tail.remove_prefix(tail.size() - tail_limit);
  }
  std::string out = head_;
  if (omitted > 0) out += "\n[... " + std::to_string(omitted) + " bytes omitted ...]\n";
  out.append(tail);
  return out;
}

}  // namespace faber::common
