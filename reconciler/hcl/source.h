#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace faber::reconciler::hcl {

// A position in a source file: 1-based line and column (columns count characters, not bytes),
// 0-based byte offset.
struct Pos {
  uint32_t line = 1;
  uint32_t column = 1;
  uint32_t byte = 0;
};

// A half-open byte range [start, end) inside one source file; nodes keep only these offsets and
// the SourceFile turns them into lines and columns on demand, which keeps nodes small.
struct Range {
  uint32_t start = 0;
  uint32_t end = 0;
};

// The text of one file plus a line index for position lookups. Owns the bytes it parses.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  std::string_view text() const { return text_; }
  // Returns the line, column and byte of `byte` (clamped to the end of the text).
  Pos PosAt(uint32_t byte) const;
  // Returns the source text covered by `r`.
  std::string_view Slice(Range r) const { return std::string_view(text_).substr(r.start, r.end - r.start); }

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

enum class Severity { kError, kWarning };

// One problem found in a file, with the range it points at.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  std::string file;
  Pos start;
  Pos end;
};

// Returns "file:line:col: summary" (the form `faber validate` prints).
std::string FormatDiagnostic(const Diagnostic& d);

}  // namespace faber::reconciler::hcl
