// What several engine tests read back from an engine: a dataset's rows, the integrity check.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/engine.hpp"
#include "engine/store/sqlite.hpp"

namespace tracesift::test {

/// The rows of `dataset` (up to 10,000), each parsed from the engine's JSONL.
inline std::vector<nlohmann::json> dataset_rows(Engine& engine, const std::string& dataset) {
  std::vector<nlohmann::json> out;
  const std::string text = engine.dataset_rows_jsonl(dataset, 10000, 0);
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(nlohmann::json::parse(text.substr(start, nl - start)));
  return out;
}

/// What `PRAGMA integrity_check` says of the engine's database ("ok" when sound).
inline std::string integrity(Engine& engine) {
  store::Statement st = engine.database().prepare("PRAGMA integrity_check");
  return st.step() ? std::string(st.column_text(0)) : "no answer";
}

}  // namespace tracesift::test
