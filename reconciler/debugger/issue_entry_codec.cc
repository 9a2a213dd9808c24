#include "reconciler/debugger/issue_entry_codec.h"

#include <cstdint>
#include <cstring>

namespace faber::reconciler::debugger {

namespace {

// Fields in a fixed order; `v` is the Writer or the Reader below.
template <typename Entry, typename Visitor>
void VisitEntryFields(Entry& e, Visitor& v) {
  v(e.issue_id), v(e.first_seen), v(e.last_seen), v(e.occurrence_count);
  v(e.category), v(e.message), v(e.normalized_message), v(e.code);
  v(e.environment), v(e.operation), v(e.resource_type);
  v(e.related_issues), v(e.resolved);
  v.Count(e.solutions);
  for (auto& s : e.solutions) {
    v(s.solution_id), v(s.description), v(s.steps);
    v(s.automation.automated), v(s.automation.remedy), v(s.automation.delegate);
    v(s.impact), v(s.source), v(s.attempts), v(s.successes), v(s.failures);
    v(s.total_resolution_seconds), v(s.last_success), v(s.environments);
  }
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void operator()(const std::string& s) {
    Raw(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void operator()(const std::vector<std::string>& list) {
    Raw(static_cast<uint32_t>(list.size()));
    for (const auto& s : list) (*this)(s);
  }
  void operator()(int n) { Raw(static_cast<int64_t>(n)); }
  void operator()(bool b) { out_.push_back(b ? 1 : 0); }
  void operator()(double d) { Raw(d); }
  void Count(const std::vector<Solution>& list) { Raw(static_cast<uint32_t>(list.size())); }

 private:
  template <typename T>
  void Raw(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::string_view rest() const { return in_; }

  void operator()(std::string& s) {
    uint32_t n = 0;
    if (!Raw(n) || n > in_.size()) return Fail();
    s.assign(in_.data(), n);
    in_.remove_prefix(n);
  }
  void operator()(std::vector<std::string>& list) {
    uint32_t n = 0;
    // Each element takes at least its 4-byte length: a larger count is damage, not a huge list.
    if (!Raw(n) || n > in_.size() / 4) return Fail();
    list.resize(n);
    for (auto& s : list) (*this)(s);
  }
  void operator()(int& n) {
    int64_t wide = 0;
    if (Raw(wide)) n = static_cast<int>(wide);
  }
  void operator()(bool& b) {
    uint8_t byte = 0;
    if (Raw(byte)) b = byte != 0;
  }
  void operator()(double& d) { Raw(d); }
  void Count(std::vector<Solution>& list) {
    uint32_t n = 0;
    if (!Raw(n) || n > in_.size() / 16) return Fail();
    list.resize(n);
  }

 private:
  template <typename T>
  bool Raw(T& value) {
    if (!ok_ || in_.size() < sizeof(T)) {
      Fail();
      return false;
    }
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  void Fail() {
    ok_ = false;
    in_ = {};
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace

void EncodeEntry(const IssueLogEntry& entry, std::string& out) {
  Writer w(out);
  VisitEntryFields(entry, w);
}

std::optional<IssueLogEntry> DecodeEntry(std::string_view& in) {
  IssueLogEntry entry;
  Reader r(in);
  VisitEntryFields(entry, r);
  if (!r.ok()) return std::nullopt;
  in = r.rest();
  return entry;
}

}  // namespace faber::reconciler::debugger
