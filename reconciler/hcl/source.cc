#include "reconciler/hcl/source.h"

#include <algorithm>
#include <cstring>

namespace faber::reconciler::hcl {

SourceFile::SourceFile(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.reserve(text_.size() / 32 + 1);
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)))) != nullptr;) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

Pos SourceFile::PosAt(uint32_t byte) const {
  byte = std::min<uint32_t>(byte, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  uint32_t column = 1;
  // Columns count characters: every byte that does not continue a UTF-8 sequence starts one.
  for (uint32_t i = line_starts_[line_index]; i < byte; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return Pos{static_cast<uint32_t>(line_index + 1), column, byte};
}

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.file + ":" + std::to_string(d.start.line) + ":" + std::to_string(d.start.column) + ": " +
                    (d.severity == Severity::kWarning ? "warning: " : "") + d.summary;
  if (!d.detail.empty()) out += "; " + d.detail;
  return out;
}

}  // namespace faber::reconciler::hcl
