#include "controller/args.h"

namespace faber::controller {

common::Result<Args> Args::Parse(const std::vector<std::string>& args, const std::set<std::string>& value_flags,
                                 const std::set<std::string>& bool_flags) {
  Args out;
  bool only_positionals = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positionals || a.size() < 2 || a.rfind("--", 0) != 0) {
      out.positionals_.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positionals = true;
      continue;
    }
    std::string flag = a;
    std::optional<std::string> inline_value;
    if (size_t eq = a.find('='); eq != std::string::npos) {
      flag = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
    }
    if (value_flags.count(flag)) {
      if (inline_value) {
        out.values_[flag].push_back(*inline_value);
      } else if (i + 1 < args.size()) {
        out.values_[flag].push_back(args[++i]);
      } else {
        return common::InvalidInput("option " + flag + " needs a value");
      }
    } else if (bool_flags.count(flag) && !inline_value) {
      out.bools_.insert(flag);
    } else {
      return common::InvalidInput("unknown option " + a);
    }
  }
  return out;
}

std::optional<std::string> Args::Get(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Args::GetOr(const std::string& flag, const std::string& fallback) const {
  return Get(flag).value_or(fallback);
}

std::vector<std::string> Args::GetAll(const std::string& flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

common::Result<std::string> Args::Format() const {
  std::string format = GetOr("--format", "text");
  if (format != "text" && format != "json") {
    return common::InvalidInput("--format must be text or json, not '" + format + "'");
  }
  return format;
}

}  // namespace faber::controller
