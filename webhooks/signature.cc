#include "webhooks/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

namespace faber::webhooks {

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are public: a signature's length is fixed
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

// Forges write hex in lowercase, but the digest is the same in either case.
std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool VerifyGithubSignature(std::string_view secret, std::string_view body, std::string_view header) {
  constexpr std::string_view kPrefix = "sha256=";
  if (secret.empty() || header.substr(0, kPrefix.size()) != kPrefix) return false;
  return ConstantTimeEquals(HmacSha256Hex(secret, body), Lowercase(header.substr(kPrefix.size())));
}

bool VerifyGiteaSignature(std::string_view secret, std::string_view body, std::string_view header) {
  if (secret.empty() || header.empty()) return false;
  return ConstantTimeEquals(HmacSha256Hex(secret, body), Lowercase(header));
}

bool VerifyGitlabToken(std::string_view secret, std::string_view header) {
  if (secret.empty() || header.empty()) return false;
  return ConstantTimeEquals(secret, header);
}

}  // namespace faber::webhooks
