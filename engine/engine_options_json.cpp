// Engine options from JSON.
#include "engine_options_json.hpp"

#include <cctype>

#include "error.hpp"
#include "json_depth.hpp"
#include "json_value.hpp"

namespace tracesift {

EngineOptions parse_engine_options(std::string_view json_text) {
  check_json_depth(json_text, Errc::invalid_argument, "engine options");
  const Json j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw Error(Errc::invalid_argument, "engine options must be a JSON object");
  EngineOptions options;
  for (const auto& [key, v] : j.items()) {
    if (key == "vfs" && v.is_string()) {
      options.vfs = v.get<std::string>();
    } else if (key == "journal_mode" && v.is_string()) {
      options.journal_mode = v.get<std::string>();
    } else if (key == "synchronous" && v.is_string()) {
      options.synchronous = v.get<std::string>();
    } else if (key == "page_size" && v.is_number_integer()) {
      options.page_size = v.get<int64_t>();
    } else if (key == "cache_size_kib" && v.is_number_integer()) {
      options.cache_size_kib = v.get<int64_t>();
    } else if (key == "import_batch_size" && v.is_number_unsigned()) {
      options.import_batch_size = v.get<uint64_t>();
    } else if (key == "lock_timeout_ms" && v.is_number_unsigned()) {
      options.lock_timeout_ms = v.get<int64_t>();
    } else {
      throw Error(Errc::invalid_argument,
                  "unknown or mistyped engine option '" + key +
                      "' (vfs, journal_mode, synchronous: strings; page_size, cache_size_kib, import_batch_size, "
                      "lock_timeout_ms: integers)",
                  key);
    }
  }
  // Design note: pragma values are spliced into PRAGMA text (SQLite cannot bind them): allow
  // only plain words.
  for (const std::string* word : {&options.journal_mode, &options.synchronous}) {
    for (const char c : *word) {
      if (!std::isalpha(static_cast<unsigned char>(c))) {
        throw Error(Errc::invalid_argument, "journal_mode and synchronous must be plain words");
      }
    }
  }
  return options;
}

}  // namespace tracesift
