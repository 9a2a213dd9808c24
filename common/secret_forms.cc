#include "common/secret_forms.h"

#include <algorithm>

namespace faber::common {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Base64 of `bytes` without padding.
std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kStandard[(acc >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kStandard[(acc << (6 - bits)) & 0x3F];
  return out;
}

}  // namespace

std::vector<std::string> EncodedForms(std::string_view value, size_t min_length) {
  std::vector<std::string> forms;
  auto add = [&](std::string form) {
    if (form.size() >= min_length && form != value && std::find(forms.begin(), forms.end(), form) == forms.end()) {
      forms.push_back(std::move(form));
    }
  };
  for (size_t shift = 0; shift < 3; ++shift) {
    // The value preceded by `shift` bytes: the characters covering those bytes, and the last one
    // when it also covers what follows, depend on the neighbours; the rest on the value alone.
    std::string shifted(shift, '\0');
    shifted.append(value);
    std::string encoded = Base64(shifted);
    const size_t begin = (shift * 8 + 5) / 6;
    const size_t end = shifted.size() * 8 / 6;
    if (end <= begin) continue;
    std::string core = encoded.substr(begin, end - begin);
    add(core);
    std::string url_safe = core;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    add(std::move(url_safe));
  }
  add(std::string(value.rbegin(), value.rend()));
  return forms;
}

std::vector<std::pair<size_t, size_t>> FindWrapped(std::string_view text, std::string_view value) {
  std::vector<std::pair<size_t, size_t>> found;
  if (value.size() < 2) return found;
  for (size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    const size_t before = nl > 0 && text[nl - 1] == '\r' ? nl - 1 : nl;  // the end of the first part
    size_t after = nl + 1;                                               // the start of the second
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
    if (before == 0 || after >= text.size()) continue;
    // Split after k characters: the line ends with value[0, k) and the next starts with the rest.
    for (size_t k = 1; k < value.size(); ++k) {
      if (text[before - 1] != value[k - 1] || text[after] != value[k]) continue;
      if (k > before || after + (value.size() - k) > text.size()) continue;
      if (text.substr(before - k, k) != value.substr(0, k)) continue;
      if (text.substr(after, value.size() - k) != value.substr(k)) continue;
      found.emplace_back(before - k, after + (value.size() - k));
      break;
    }
  }
  return found;
}

}  // namespace faber::common
