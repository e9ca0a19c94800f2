// Internal to engine/export: reading stored JSON text in place, without building a tree.
//
// Design note: the csv and openai-chat exports read a few fields of each row's input and output
// (roles, contents, tool calls). With simdjson's DOM, parsing (its portable kernel under wasm)
// and re-escaping the strings it had unescaped cost more than everything else together. Here one
// pass validates a document (grammar, UTF-8, surrogate pairs) and records where each value is;
// walking it afterwards never reads the text again, and string tokens are copied to the output
// exactly as stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "engine/swar.hpp"

namespace tracesift::exporter {

/// The eight-bytes-at-a-time byte tests (engine/swar.hpp), as the export's scanners use them.
namespace swar = tracesift::swar;

class JsonTree;

/// One JSON value as it appears in a scanned document: its text, and where it is in the tree.
struct Raw {
  std::string_view text;           ///< the value's text; empty when the value is missing
  const JsonTree* tree = nullptr;  ///< the document it belongs to
  uint32_t node = 0;               ///< its node in the tree

  /// Whether there is a value.
  bool present() const noexcept { return !text.empty(); }
  /// Whether it is a string.
  bool is_string() const noexcept { return !text.empty() && text[0] == '"'; }
  /// Whether it is an object.
  bool is_object() const noexcept { return !text.empty() && text[0] == '{'; }
  /// Whether it is an array.
  bool is_array() const noexcept { return !text.empty() && text[0] == '['; }
  /// Whether it is null.
  bool is_null() const noexcept { return !text.empty() && text[0] == 'n'; }
  /// Whether it is missing or null.
  bool absent() const noexcept { return text.empty() || text[0] == 'n'; }
  /// Whether it is a number.
  bool is_number() const noexcept { return !text.empty() && (text[0] == '-' || (text[0] >= '0' && text[0] <= '9')); }
  /// A string's escaped content, without its quotes (valid only for strings).
  std::string_view inner() const noexcept { return text.substr(1, text.size() - 2); }
  /// The kind of value for messages: "a string", "an object", ...
  std::string_view type_name() const noexcept;
};

/// A validated JSON document and the position of each of its values (keys included), in order:
/// one pass over the text, after which walking it never reads the text again.
class JsonTree {
 public:
  /// Reads `text`, which must stay alive and unchanged while the tree is used: true when it is
  /// exactly one JSON value (RFC 8259 grammar, valid UTF-8, paired surrogate escapes, nesting up
  /// to 256 levels).
  bool parse(std::string_view text);
  /// The document's value (after a successful parse).
  Raw root() const noexcept { return at(0); }

  /// Where one value is: text offsets, and the node after its last descendant.
  struct Node {
    uint32_t begin;  ///< offset of its first character
    uint32_t end;    ///< offset past its last character
    uint32_t next;   ///< index of the node after it and its descendants
  };
  /// The value of node `i`.
  Raw at(uint32_t i) const noexcept {
    const Node& n = nodes_[i];
    return Raw{text_.substr(n.begin, n.end - n.begin), this, i};
  }
  /// Node `i`.
  const Node& node(uint32_t i) const noexcept { return nodes_[i]; }

 private:
  std::string_view text_;
  std::vector<Node> nodes_;
};

/// Iterates an object's members.
class ObjectReader {
 public:
  /// Reads `object`; nothing when it is not an object of a tree.
  explicit ObjectReader(Raw object) noexcept;
  /// The next member: its key (still escaped, without quotes) and value; false at the end.
  bool next(std::string_view& key, Raw& value) noexcept;

 private:
  const JsonTree* tree_ = nullptr;
  uint32_t i_ = 0, end_ = 0;
};

/// Iterates an array's elements.
class ArrayReader {
 public:
  /// Reads `array`; nothing when it is not an array of a tree.
  explicit ArrayReader(Raw array) noexcept;
  /// The next element; false at the end.
  bool next(Raw& value) noexcept;

 private:
  const JsonTree* tree_ = nullptr;
  uint32_t i_ = 0, end_ = 0;
};

/// Whether an object key (escaped, as ObjectReader gives it) is `name`.
bool key_is(std::string_view key, std::string_view name);

/// The member `name` of `object`, or a missing Raw.
Raw member(Raw object, std::string_view name) noexcept;

/// Whether `object` has a member `name`.
inline bool has_member(Raw object, std::string_view name) noexcept {
  return member(object, name).present();
}

/// A string's value, unescaped: a view of the document when it has no escapes, else of `buf`.
std::string_view unescaped(Raw s, std::string& buf);

/// A string's value that stays valid for the whole document: a view of the document when it has
/// no escapes, else of a string kept in `arena`.
std::string_view stable_unescaped(Raw s, std::deque<std::string>& arena);

/// Whether a string value equals `name` (escapes decoded).
bool string_is(Raw s, std::string_view name);

/// Appends a validated value's text without the whitespace between its tokens: every token (keys
/// in their order, strings with their escapes, numbers as written) is copied byte for byte.
void append_compact(std::string& out, Raw value);

}  // namespace tracesift::exporter
