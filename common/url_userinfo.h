#pragma once

#include <string>
#include <string_view>

namespace faber::common {

// Returns `url` without the userinfo of its authority ("https://deploy:TOKEN@host/org/repo.git"
// becomes "https://host/org/repo.git"), so a repository URL can be logged, used as a metric label
// or recorded without the credentials it may carry. Anything that is not scheme://authority (a
// path, scp-like "git@host:org/repo") is returned as it is.
std::string WithoutUserinfo(std::string_view url);

}  // namespace faber::common
