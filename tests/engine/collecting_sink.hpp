// A RecordSink for reader tests that keeps every span and every record error it is given.
#pragma once

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/import/format_reader.hpp"

namespace tracesift::test {

/// Collects what a reader emits: `Stored` is `import::MappedSpan` (span plus extras) or `Span` alone.
template <typename Stored>
struct BasicCollectingSink : import::RecordSink {
  /// Spans in the order the reader emitted them.
  std::vector<Stored> spans;
  /// Record error messages in the order the reader reported them.
  std::vector<std::string> errors;

  /// Keeps the span (or the whole mapped span, when `Stored` is `import::MappedSpan`).
  void on_span(import::MappedSpan&& mapped) override {
    if constexpr (std::is_same_v<Stored, Span>) {
      spans.push_back(std::move(mapped.span));
    } else {
      spans.push_back(std::move(mapped));
    }
  }
  /// Keeps the message.
  void on_record_error(std::string message) override { errors.push_back(std::move(message)); }

  /// The collected span with this span id; fails the test when there is none.
  const Span& by_id(const std::string& id) const {
    for (const auto& s : spans) {
      if (span_of(s).span_id == id) return span_of(s);
    }
    FAIL("no span " << id);
    throw std::logic_error("unreachable");
  }

 private:
  static const Span& span_of(const Span& s) { return s; }
  static const Span& span_of(const import::MappedSpan& s) { return s.span; }
};

/// Keeps whole mapped spans (span plus the reader's extras).
using CollectingSink = BasicCollectingSink<import::MappedSpan>;
/// Keeps only the spans.
using CollectingSpanSink = BasicCollectingSink<Span>;

}  // namespace tracesift::test
