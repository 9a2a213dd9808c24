#include "common/url_userinfo.h"

namespace faber::common {

std::string WithoutUserinfo(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::string(url);
  for (size_t i = 0; i < scheme_end; ++i) {
    const char c = url[i];
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!scheme_char) return std::string(url);
  }
  const size_t authority = scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", authority);
  const std::string_view host_part = url.substr(
      authority, authority_end == std::string_view::npos ? std::string_view::npos : authority_end - authority);
  // The last '@' ends the userinfo: a password may hold an unescaped '@', a host never does.
  const size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, authority));
  out.append(url.substr(authority + at + 1));
  return out;
}

}  // namespace faber::common
