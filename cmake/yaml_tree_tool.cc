// Build-time generator: compiles every *.yaml file under a directory into a C++ source file that
// defines one function returning them as common::EmbeddedFile. Each file carries its text and its
// tree: the YAML parsed here, at build time, and written as compact JSON, so faber does not pay
// yaml-cpp's parse of its built-in data (policies, prices, knowledge) on every run.
//   usage: faber_yaml_tree OUTPUT HEADER NAMESPACE FUNCTION PREFIX DIR
// A file that does not parse fails the build, naming the file and line.
//
// Tree format (see manifests/embedded_yaml.h, its reader): every node is a JSON array
//   ["s", line, "text", quoted]   a scalar (quoted: 1 when it was written in quotes)
//   ["m", line, [key, value, ...]] a mapping, keys and values as nodes, in file order
//   ["q", line, [item, ...]]       a sequence
//   ["n", line]                    a null
// where line is 1-based.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace {

namespace fs = std::filesystem;

nlohmann::json Tree(const YAML::Node& node) {
  const int line = node.Mark().line + 1;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return nlohmann::json::array({"s", line, node.Scalar(), node.Tag() == "!" ? 1 : 0});
    case YAML::NodeType::Map: {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& kv : node) {
        items.push_back(Tree(kv.first));
        items.push_back(Tree(kv.second));
      }
      return nlohmann::json::array({"m", line, std::move(items)});
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& item : node) items.push_back(Tree(item));
      return nlohmann::json::array({"q", line, std::move(items)});
    }
    default: return nlohmann::json::array({"n", line});
  }
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A raw string literal holding `text`; fails when the text contains the delimiter.
std::string Literal(const std::string& text, const std::string& what) {
  static const std::string kEnd = ")faberdata\"";
  if (text.find(kEnd) != std::string::npos) throw std::runtime_error(what + " contains " + kEnd);
  return "R\"faberdata(" + text + ")faberdata\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: faber_yaml_tree OUTPUT HEADER NAMESPACE FUNCTION PREFIX DIR\n";
    return 2;
  }
  const std::string output = argv[1], header = argv[2], ns = argv[3], function = argv[4], prefix = argv[5];
  const fs::path dir = argv[6];
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::string body;
  try {
    for (const auto& path : files) {
      const std::string name = prefix + "/" + fs::relative(path, dir).generic_string();
      const std::string text = ReadAll(path);
      YAML::Node root;
      try {
        root = YAML::Load(text);
      } catch (const YAML::Exception& e) {
        std::cerr << path.string() << ":" << e.mark.line + 1 << ": " << e.msg << "\n";
        return 1;
      }
      body += "      {\"" + name + "\",\n       " + Literal(text, name) + ",\n       " + Literal(Tree(root).dump(), name) +
              "},\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "faber_yaml_tree: " << e.what() << "\n";
    return 1;
  }
  const std::string source = "// Generated from " + prefix + "/ by cmake/yaml_tree_tool.cc; do not edit.\n#include \"" +
                             header + "\"\n\nnamespace " + ns + " {\n\nconst std::vector<common::EmbeddedFile>& " +
                             function + "() {\n  static const std::vector<common::EmbeddedFile> kFiles = {\n" + body +
                             "  };\n  return kFiles;\n}\n\n}  // namespace " + ns + "\n";
  // Rewrite only on change, so an unchanged data directory does not recompile its library.
  if (fs::exists(output) && ReadAll(output) == source) return 0;
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << source;
  return out ? 0 : 1;
}
