#pragma once

#include <string>
#include <utility>
#include <variant>

namespace faber::common {

// How a failure should be handled by whoever receives it; callers branch on this, never on text.
enum class ErrorKind {
  kInvalidInput,  // bad configuration or arguments: a person must fix the input
  kNotFound,      // a file, ref or object that should exist does not
  kConflict,      // a compare-and-swap lost the race: re-read and retry
  kTransient,     // network or remote hiccup: retry with backoff
  kWaiting,       // a lock or dependency is held elsewhere: requeue later
  kStalled,       // needs a person (e.g. a rejected push that keeps failing)
  kCancelled,     // shutdown or abort was requested
  kInternal,      // a bug or an unexpected library failure
};

// Returns the lower-case name of `kind`, e.g. "invalid_input".
const char* ErrorKindName(ErrorKind kind);

// Success, or an error kind with a message for people.
class Status {
 public:
  Status() = default;
  Status(ErrorKind kind, std::string message) : ok_(false), kind_(kind), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // Returns "kind: message" for logs, or "ok".
  std::string ToString() const;

 private:
  bool ok_ = true;
  ErrorKind kind_ = ErrorKind::kInternal;
  std::string message_;
};

// Shorthand constructors for the common kinds.
inline Status InvalidInput(std::string m) { return Status(ErrorKind::kInvalidInput, std::move(m)); }
inline Status NotFound(std::string m) { return Status(ErrorKind::kNotFound, std::move(m)); }
inline Status Conflict(std::string m) { return Status(ErrorKind::kConflict, std::move(m)); }
inline Status Transient(std::string m) { return Status(ErrorKind::kTransient, std::move(m)); }
inline Status Internal(std::string m) { return Status(ErrorKind::kInternal, std::move(m)); }

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}                      // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}               // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  // Precondition for value(): ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // Returns the error, or Ok when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace faber::common

// Returns early from the enclosing function when `expr` (a Status) is an error.
#define FABER_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::faber::common::Status faber_status_ = (expr); \
    if (!faber_status_.ok()) return faber_status_; \
  } while (0)
