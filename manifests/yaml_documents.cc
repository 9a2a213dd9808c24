#include "manifests/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace faber::manifests {
namespace {

// Notes where each document starts and where its root node is, and nothing else.
class DocumentMarks : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    start = mark;
    root.reset();
    root_null = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Node(mark, false); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    Node(mark, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Node(mark, false);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Node(mark, false);
  }
  void OnMapEnd() override {}

  YAML::Mark start;
  std::optional<YAML::Mark> root;
  bool root_null = false;

 private:
  void Node(const YAML::Mark& mark, bool null) {
    if (root) return;
    root = mark;
    root_null = null;
  }
};

bool SameMark(const YAML::Mark& a, const YAML::Mark& b) { return a.pos == b.pos && a.line == b.line; }

}  // namespace

YamlDocuments CountYamlDocuments(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentMarks marks;
  YamlDocuments out;
  std::optional<YAML::Mark> previous_start;
  while (parser.HandleNextDocument(marks)) {
    // Two documents starting where the same token stands: the parser consumed nothing and would
    // hand out empty documents for ever.
    if (previous_start && SameMark(*previous_start, marks.start)) {
      out.stuck = marks.start;
      return out;
    }
    previous_start = marks.start;
    if (++out.count == 2) {
      out.second = marks.root.value_or(YAML::Mark());
      out.second_null = !marks.root || marks.root_null;
    }
  }
  return out;
}

}  // namespace faber::manifests
