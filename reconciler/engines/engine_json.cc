#include "reconciler/engines/engine_json.h"

#include <fstream>

namespace faber::reconciler {

common::Result<std::string> TakeEngineJson(const std::filesystem::path& path, size_t max_bytes,
                                           const std::string& what) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return common::NotFound(what + ": cannot read its output " + path.string() + ": " + ec.message());
  if (size > max_bytes) {
    std::filesystem::remove(path, ec);
    return common::InvalidInput(what + ": " + path.string() + ": the JSON is " + std::to_string(size) +
                                " bytes, over the limit of " + std::to_string(max_bytes) + " bytes for engine JSON");
  }
  // Read once into a buffer of the final size: the text is the largest thing a plan brings.
  std::string text(static_cast<size_t>(size), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  const bool complete = in.gcount() == static_cast<std::streamsize>(text.size());
  in.close();
  std::filesystem::remove(path, ec);
  if (!complete) return common::NotFound(what + ": " + path.string() + ": the output ended while it was read");
  return text;
}

}  // namespace faber::reconciler
