// What every fuzz target shares: the rule that the engine refuses bad input only with a
// tracesift::Error (anything else escaping is a finding), and an engine holding random spans for
// the targets that run what they parsed.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "engine/engine.hpp"
#include "engine/error.hpp"
#include "random_spans.hpp"  // tests/engine

namespace tracesift::fuzz {

/// The fuzz input as text.
inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs `body`; a tracesift::Error is the expected way to refuse input, unless its code is
/// `internal` (which means the engine itself failed). Any other exception is a finding too: it is
/// rethrown, and libFuzzer reports the uncaught exception with the input that caused it.
template <typename Body>
void expect_only_errors(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    if (e.code() == Errc::internal) std::terminate();
  }
}

/// An in-memory engine holding 200 random spans (sessions, models, tokens, NULLs) and an eval
/// dataset "eval" of 20 of them (for requests that exclude it), made once.
inline Engine& engine_with_spans() {
  static Engine* engine = [] {
    auto* made = new Engine(":memory:", EngineOptions{.clock = [] { return test::kSpanEpoch + 3'600'000'000'000; }});
    test::import_jsonl(*made, test::random_spans_jsonl(7, 200));
    made->save_dataset({.name = "eval", .type = "eval", .limit = 20, .seed = 1});
    return made;
  }();
  return *engine;
}

}  // namespace tracesift::fuzz
