#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/embedded_file.h"
#include "common/status.h"
#include "reconciler/debugger/issue_log.h"

namespace re2 {
class RE2;
}

namespace faber::reconciler::debugger {

// One documented error with its fixes (manifests/knowledge/*.yaml).
struct KnowledgeEntry {
  std::string id;
  std::string title;
  std::string category;
  std::string source;
  std::string code_pattern_text, pattern_text;
  std::shared_ptr<const re2::RE2> code_pattern;  // on the error code; empty text means "any code"
  std::shared_ptr<const re2::RE2> pattern;       // on the whole output (case-insensitive); empty: any text
  std::vector<Solution> solutions;

  // How well this entry explains the error: 1 when both its code and text patterns match (or the
  // only one it has), 0.7 when only the code matches of two, 0 when it does not apply.
  double Match(const std::string& code, const std::string& output) const;
};

// Parses one knowledge file; errors name the file and the entry.
common::Result<std::vector<KnowledgeEntry>> ParseKnowledgeFile(const std::string& text, const std::string& file);

// The same for a file compiled in (its tree read instead of its text; see manifests/embedded_yaml.h).
common::Result<std::vector<KnowledgeEntry>> ParseEmbeddedKnowledge(const common::EmbeddedFile& file);

// The knowledge base shipped with faber (manifests/knowledge, compiled in).
const std::vector<KnowledgeEntry>& BuiltinKnowledge();

}  // namespace faber::reconciler::debugger
