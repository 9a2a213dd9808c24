#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace faber::common {

// Accumulates text up to a limit, keeping the beginning and the end (where errors usually are)
// and replacing the middle with a marker that says how much was left out.
class BoundedBuffer {
 public:
  explicit BoundedBuffer(size_t max_bytes) : max_bytes_(max_bytes) {}
  // Appends `data`, eliding from the middle once the limit is reached.
  void Append(std::string_view data);
  // Returns the kept text with the elision marker, if any.
  std::string Take() const;

 private:
  size_t max_bytes_;
  std::string head_;
  std::string tail_;  // a ring would be cheaper; tails are trimmed in chunks instead
  size_t omitted_ = 0;
};

}  // namespace faber::common
