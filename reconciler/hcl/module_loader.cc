#include "reconciler/hcl/module_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Label counts of Terraform's top-level blocks; -1 for an unknown type.
int ExpectedLabels(std::string_view type) {
  if (type == "resource" || type == "data") return 2;
  if (type == "module" || type == "variable" || type == "output" || type == "provider" || type == "check") return 1;
  if (type == "locals" || type == "terraform" || type == "moved" || type == "import" || type == "removed") return 0;
  return -1;
}

const char* LabelNames(std::string_view type) {
  if (type == "resource" || type == "data") return "type and name";
  return "name";
}

Diagnostic Make(const File& f, Range r, std::string summary, std::string detail) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.file = f.source.name();
  d.start = f.source.PosAt(r.start);
  d.end = f.source.PosAt(r.end);
  return d;
}

std::string At(const File& f, Range r) {
  Pos p = f.source.PosAt(r.start);
  return f.source.name() + ":" + std::to_string(p.line) + "," + std::to_string(p.column);
}

// The arguments and nested blocks Terraform accepts in the blocks whose schema is its own (not a
// provider's); anything else there is an error in `terraform validate` too.
struct BlockSchema {
  std::set<std::string_view> attributes;
  std::set<std::string_view> blocks;
};

const BlockSchema* SchemaOf(std::string_view type) {
  static const BlockSchema kVariable{{"default", "type", "description", "sensitive", "nullable", "ephemeral"},
                                     {"validation"}};
  static const BlockSchema kOutput{{"value", "description", "sensitive", "depends_on", "ephemeral"},
                                   {"precondition"}};
  static const BlockSchema kModule{{"source", "version", "count", "for_each", "providers", "depends_on"}, {}};
  if (type == "variable") return &kVariable;
  if (type == "output") return &kOutput;
  return type == "module" ? &kModule : nullptr;
}

void CheckSchema(const File& file, const Block& block, std::vector<Diagnostic>& out) {
  const BlockSchema* schema = SchemaOf(block.type);
  if (schema == nullptr) return;
  // A module block's other arguments are the called module's input variables.
  bool open_arguments = block.type == "module";
  if (!open_arguments) {
    for (const Attribute& a : block.body->attributes) {
      if (!schema->attributes.count(a.name)) {
        out.push_back(Make(file, a.name_range, "Unsupported argument",
                           "An argument named \"" + std::string(a.name) + "\" is not expected here."));
      }
    }
  }
  for (const Block* nested : block.body->blocks) {
    if (!schema->blocks.count(nested->type)) {
      out.push_back(Make(file, nested->type_range, "Unsupported block type",
                         "Blocks of type \"" + std::string(nested->type) + "\" are not expected here."));
    }
  }
}

}  // namespace

common::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

common::Result<ModuleFiles> LoadModule(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return common::NotFound(dir + " is not a directory");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && (EndsWith(name, ".tf") || EndsWith(name, ".tf.json"))) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  ModuleFiles out;
  out.dir = dir;
  for (const auto& name : names) {
    std::string path = (fs::path(dir) / name).string();
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    out.files.push_back(ParseFile(path, std::move(*text)));
  }
  return out;
}

std::vector<Diagnostic> ValidateStructure(const ModuleFiles& module) {
  std::vector<Diagnostic> out;
  auto label_range = [](const Block* b, size_t i) { return i < b->label_ranges.size() ? b->label_ranges[i] : b->type_range; };
  std::map<std::string, std::pair<const File*, Range>> seen;
  auto declare = [&](const File& f, const std::string& key, Range r, const std::string& what) {
    auto [it, inserted] = seen.emplace(key, std::make_pair(&f, r));
    if (!inserted) {
      out.push_back(Make(f, r, "Duplicate " + what,
                         "\"" + key + "\" was already declared at " + At(*it->second.first, it->second.second) + "."));
    }
  };
  for (const auto& file : module.files) {
    if (file->HasErrors()) continue;  // structure is only meaningful once the syntax is right
    for (const Block* b : file->body->blocks) {
      int want = ExpectedLabels(b->type);
      if (want < 0) {
        out.push_back(Make(*file, b->type_range, "Unsupported block type",
                           "Blocks of type \"" + std::string(b->type) + "\" are not expected here."));
        continue;
      }
      if (static_cast<int>(b->labels.size()) != want) {
        bool missing = static_cast<int>(b->labels.size()) < want;
        Range r = missing ? b->type_range : label_range(b, static_cast<size_t>(want));
        out.push_back(Make(*file, r, missing ? "Missing name for " + std::string(b->type) : "Extraneous label for " + std::string(b->type),
                           "A " + std::string(b->type) + " block requires " + std::to_string(want) + " label(s): " +
                               LabelNames(b->type) + "."));
        continue;
      }
      CheckSchema(*file, *b, out);
      std::string type(b->type);
      if (type == "resource" || type == "data") {
        std::string addr = (type == "data" ? "data." : "") + std::string(b->labels[0]) + "." + std::string(b->labels[1]);
        declare(*file, addr, label_range(b, 1), type == "data" ? "data source" : "resource");
      } else if (type == "variable" || type == "output" || type == "module") {
        declare(*file, type + "." + std::string(b->labels[0]), label_range(b, 0), type + " declaration");
        if (type == "module") {
          bool has_source = false;
          for (const Attribute& a : b->body->attributes) has_source |= a.name == "source";
          if (!has_source) {
            out.push_back(Make(*file, b->type_range, "Missing required argument",
                               "The argument \"source\" is required, but no definition was found."));
          }
        }
      } else if (type == "locals") {
        for (const Attribute& a : b->body->attributes) {
          declare(*file, "local." + std::string(a.name), a.name_range, "local value");
        }
      } else if (type == "provider") {
        std::string alias;
        for (const Attribute& a : b->body->attributes) {
          if (a.name == "alias" && a.expr->kind == ExprKind::kTemplate && a.expr->items.size() == 1 &&
              a.expr->items[0]->kind == ExprKind::kLiteral) {
            alias = std::string(a.expr->items[0]->str);
          }
        }
        declare(*file, "provider." + std::string(b->labels[0]) + (alias.empty() ? "" : "." + alias), label_range(b, 0),
                "provider configuration");
      }
    }
  }
  return out;
}

std::string LocalModuleSource(const Block& module_block, const std::string& module_dir) {
  for (const Attribute& a : module_block.body->attributes) {
    if (a.name != "source") continue;
    const Expr* e = a.expr;
    if (e->kind != ExprKind::kTemplate || e->items.size() != 1 || e->items[0]->kind != ExprKind::kLiteral) return "";
    std::string src(e->items[0]->str);
    if (src.rfind("./", 0) != 0 && src.rfind("../", 0) != 0) return "";
    return (fs::path(module_dir) / src).lexically_normal().string();
  }
  return "";
}

}  // namespace faber::reconciler::hcl
