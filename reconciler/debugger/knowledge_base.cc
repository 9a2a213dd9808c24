#include "reconciler/debugger/knowledge_base.h"

#include <stdexcept>

#include <re2/re2.h>

#include <yaml-cpp/yaml.h>

#include "common/yaml_limits.h"
#include "manifests/embedded_yaml.h"
#include "reconciler/debugger/builtin_knowledge.h"

namespace faber::reconciler::debugger {

double KnowledgeEntry::Match(const std::string& code, const std::string& output) const {
  bool has_code = !code_pattern_text.empty();
  bool has_text = !pattern_text.empty();
  bool code_ok = has_code && !code.empty() && RE2::PartialMatch(code, *code_pattern);
  bool text_ok = has_text && RE2::PartialMatch(output, *pattern);
  if (has_code && has_text) return code_ok && text_ok ? 1.0 : code_ok ? 0.7 : text_ok ? 0.8 : 0.0;
  return (has_code ? code_ok : text_ok) ? 1.0 : 0.0;
}

namespace {

// The entries of a knowledge document (errors name the entry's line where the node has one).
common::Result<std::vector<KnowledgeEntry>> ParseKnowledgeRoot(const YAML::Node& root, const std::string& file) {
  std::vector<KnowledgeEntry> out;
  try {
    if (!root["entries"] || !root["entries"].IsSequence()) {
      return common::InvalidInput(file + ": expected 'entries:', a list of knowledge entries");
    }
    for (const auto& n : root["entries"]) {
      KnowledgeEntry e;
      const std::string where = file + ":" + std::to_string(n.Mark().line + 1);
      if (!n["id"] || !n["category"] || !n["source"] || !n["solutions"]) {
        return common::InvalidInput(where + ": an entry needs id, category, source and solutions");
      }
      e.id = n["id"].as<std::string>();
      e.title = n["title"] ? n["title"].as<std::string>() : e.id;
      e.category = n["category"].as<std::string>();
      e.source = n["source"].as<std::string>();
      e.code_pattern_text = n["code_pattern"] ? n["code_pattern"].as<std::string>() : "";
      e.pattern_text = n["pattern"] ? n["pattern"].as<std::string>() : "";
      if (e.code_pattern_text.empty() && e.pattern_text.empty()) {
        return common::InvalidInput(where + ": entry " + e.id + " needs code_pattern or pattern");
      }
      RE2::Options exact, icase;
      exact.set_log_errors(false);
      icase.set_log_errors(false);
      icase.set_case_sensitive(false);
      e.code_pattern = std::make_shared<const RE2>(e.code_pattern_text, exact);
      e.pattern = std::make_shared<const RE2>(e.pattern_text, icase);
      for (const auto* re : {e.code_pattern.get(), e.pattern.get()}) {
        if (!re->ok()) {
          return common::InvalidInput(where + ": entry " + e.id + ": invalid regular expression: " + re->error());
        }
      }
      for (const auto& sn : n["solutions"]) {
        Solution s;
        s.solution_id = sn["id"].as<std::string>();
        s.description = sn["description"].as<std::string>();
        for (const auto& step : sn["steps"]) s.steps.push_back(step.as<std::string>());
        if (const YAML::Node a = sn["automation"]) {
          s.automation.automated = a["automated"] && a["automated"].as<bool>();
          s.automation.remedy = a["remedy"] ? a["remedy"].as<std::string>() : "";
          s.automation.delegate = a["delegate"] ? a["delegate"].as<std::string>() : "";
        }
        s.impact = sn["impact"] ? sn["impact"].as<std::string>() : "low";
        s.source = e.source;
        e.solutions.push_back(std::move(s));
      }
      out.push_back(std::move(e));
    }
  } catch (const YAML::Exception& ex) {
    return common::InvalidInput(file + ":" + std::to_string(ex.mark.line + 1) + ": " + ex.msg);
  }
  return out;
}

}  // namespace

common::Result<std::vector<KnowledgeEntry>> ParseKnowledgeFile(const std::string& text, const std::string& file) {
  FABER_RETURN_IF_ERROR(common::CheckYamlText(text, file));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& ex) {
    return common::InvalidInput(file + ":" + std::to_string(ex.mark.line + 1) + ": " + ex.msg);
  }
  return ParseKnowledgeRoot(root, file);
}

common::Result<std::vector<KnowledgeEntry>> ParseEmbeddedKnowledge(const common::EmbeddedFile& file) {
  return ParseKnowledgeRoot(manifests::LoadEmbeddedYaml(file).root, std::string(file.name));
}

const std::vector<KnowledgeEntry>& BuiltinKnowledge() {
  static const std::vector<KnowledgeEntry> kEntries = [] {
    std::vector<KnowledgeEntry> out;
    for (const auto& f : BuiltinKnowledgeFiles()) {
      auto entries = ParseEmbeddedKnowledge(f);
      // The shipped files are checked by the test suite; a broken one is a build defect.
      if (!entries.ok()) throw std::logic_error(entries.status().message());
      for (auto& e : *entries) out.push_back(std::move(e));
    }
    return out;
  }();
  return kEntries;
}

}  // namespace faber::reconciler::debugger
