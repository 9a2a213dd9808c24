#include "common/status.h"

namespace faber::common {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "invalid_input";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kTransient: return "transient";
    case ErrorKind::kWaiting: return "waiting";
    case ErrorKind::kStalled: return "stalled";
    case ErrorKind::kCancelled: return "cancelled";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok_) return "ok";
  return std::string(ErrorKindName(kind_)) + ": " + message_;
}

}  // namespace faber::common
