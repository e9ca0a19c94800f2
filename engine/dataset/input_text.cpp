#include "input_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <simdjson.h>

#include "../sample/sample_hash.hpp"

namespace tracesift {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The array or object inside an element of that type (simdjson's accessors return a temporary
// result that a range-for must not iterate through).
simdjson::dom::array array_of(element v) noexcept {
  simdjson::dom::array a;
  return v.get_array().get(a) == simdjson::SUCCESS ? a : simdjson::dom::array{};
}
simdjson::dom::object object_of(element v) noexcept {
  simdjson::dom::object o;
  return v.get_object().get(o) == simdjson::SUCCESS ? o : simdjson::dom::object{};
}

constexpr bool is_space(unsigned char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

constexpr std::array<char, 256> kLower = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  return t;
}();

constexpr std::array<uint8_t, 256> kSpace = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = is_space(static_cast<unsigned char>(c));
  return t;
}();

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_absent(std::string_view input_json) noexcept {
  const std::string_view t = trim(input_json);
  return t.empty() || t == "null";
}

// Appends text to a string, folding ASCII case and writing each whitespace run as one space
// (none at the start; a pending one is dropped at the end, so the result is trimmed).
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) { out_.clear(); }

  void text(std::string_view s) {
    if (out_.empty()) {  // nothing to separate from yet
      while (!s.empty() && kSpace[static_cast<unsigned char>(s.front())]) s.remove_prefix(1);
      gap_ = false;
    }
    const size_t start = out_.size();
    out_.resize(start + s.size() + 2);  // kept: at most one space (after a gap) per kept byte, + 1
    char* p = out_.data() + start;
    size_t gap = gap_;
    // Design note: no branches per byte (where the spaces fall is unpredictable): a space is
    // written before every byte and kept only after a gap; the byte is kept unless it is a space.
    for (const char ch : s) {
      const size_t space = kSpace[static_cast<unsigned char>(ch)];
      const size_t lead = gap & (space ^ 1);
      p[0] = ' ';
      p[lead] = kLower[static_cast<unsigned char>(ch)];
      p += lead + (space ^ 1);
      gap = space;
    }
    gap_ = gap != 0;
    out_.resize(static_cast<size_t>(p - out_.data()));
  }

  // Separates what comes next from what came before.
  void gap() noexcept { gap_ = true; }

 private:
  std::string& out_;
  bool gap_ = false;
};

// Drops the whitespace between JSON tokens (not inside strings): `{"a": 1}` -> `{"a":1}`. Applied to
// tool-call arguments that look like JSON; harmless on text that only looks like it.
void strip_json_whitespace(std::string_view s, std::string& out) {
  out.clear();
  bool in_string = false;
  bool escaped = false;
  for (const char c : s) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (is_space(static_cast<unsigned char>(c))) {
      continue;
    }
    out.push_back(c);
  }
}

struct State {
  simdjson::dom::parser parser{};
  std::string padded;   // the input plus simdjson's padding
  std::string scratch;  // tool-call arguments without JSON whitespace
  simdjson::internal::string_builder<> builder;
};

class Renderer {
 public:
  Renderer(State& st, TextWriter& w) : st_(st), w_(w) {}

  // A top-level input, or one element of a top-level array.
  void value(element v) {
    if (v.type() == element_type::OBJECT && message(object_of(v))) return;
    if (v.type() == element_type::ARRAY) {
      for (const element item : array_of(v)) {
        if (item.type() == element_type::OBJECT && message(object_of(item))) continue;
        plain(item);
      }
      return;
    }
    plain(v);
  }

 private:
  // A string's value, or any other value's minified JSON.
  void plain(element v) {
    w_.gap();
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
      w_.text(s);
      return;
    }
    st_.builder.clear();
    st_.builder.append(v);
    w_.text(st_.builder.str());
  }

  // Writes a message and returns true, or returns false (writing nothing) when `o` has no string
  // "role".
  bool message(simdjson::dom::object o) {
    std::string_view role;
    element content, tool_calls;
    bool has_role = false, has_content = false, has_calls = false;
    for (const auto field : o) {
      if (field.key == "role") {
        has_role = field.value.get_string().get(role) == simdjson::SUCCESS;
      } else if (field.key == "content") {
        content = field.value;
        has_content = true;
      } else if (field.key == "tool_calls") {
        tool_calls = field.value;
        has_calls = true;
      }
    }
    if (!has_role) return false;
    w_.gap();
    w_.text(role);
    w_.text(":");
    if (has_content) this->content(content);
    if (has_calls && tool_calls.type() == element_type::ARRAY) {
      for (const element call : array_of(tool_calls)) tool_call(call);
    }
    return true;
  }

  void content(element v) {
    switch (v.type()) {
      case element_type::NULL_VALUE: return;
      case element_type::ARRAY:
        for (const element part : array_of(v)) this->part(part);
        return;
      default: plain(v);
    }
  }

  // A text part ({"type": "text", "text": ...} or a bare string); other parts are skipped.
  void part(element v) {
    if (v.type() == element_type::STRING) {
      plain(v);
      return;
    }
    if (v.type() != element_type::OBJECT) return;
    std::string_view type = "text", text;
    bool has_text = false;
    for (const auto field : object_of(v)) {
      if (field.key == "type") {
        if (field.value.get_string().get(type) != simdjson::SUCCESS) return;
      } else if (field.key == "text") {
        has_text = field.value.get_string().get(text) == simdjson::SUCCESS;
      }
    }
    if (!has_text || (type != "text" && type != "input_text" && type != "output_text")) return;
    w_.gap();
    w_.text(text);
  }

  // {"function": {"name", "arguments"}} (or the name and arguments on the call itself) as
  // "name(arguments)".
  void tool_call(element call) {
    simdjson::dom::object o;
    if (call.get_object().get(o) != simdjson::SUCCESS) return;
    simdjson::dom::object fn;
    if (o["function"].get_object().get(fn) == simdjson::SUCCESS) o = fn;
    std::string_view name;
    element arguments;
    bool has_arguments = false;
    for (const auto field : o) {
      if (field.key == "name") {
        if (field.value.get_string().get(name) != simdjson::SUCCESS) name = {};
      } else if (field.key == "arguments") {
        arguments = field.value;
        has_arguments = true;
      }
    }
    w_.gap();
    w_.text(name);
    w_.text("(");
    if (has_arguments) {
      std::string_view s;
      if (arguments.get_string().get(s) == simdjson::SUCCESS) {
        const std::string_view t = trim(s);
        if (!t.empty() && (t.front() == '{' || t.front() == '[')) {
          strip_json_whitespace(t, st_.scratch);
          w_.text(st_.scratch);
        } else {
          w_.text(s);
        }
      } else if (!arguments.is_null()) {
        st_.builder.clear();
        st_.builder.append(arguments);
        w_.text(st_.builder.str());
      }
    }
    w_.text(")");
  }

  State& st_;
  TextWriter& w_;
};

State& state() {
  thread_local State st;
  return st;
}

}  // namespace

void similarity_text(std::string_view input_json, std::string& out) {
  TextWriter w(out);
  if (is_absent(input_json)) return;
  constexpr size_t kShrinkAbove = 8u << 20;
  State& st = state();
  st.padded.resize(input_json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(st.padded.data(), input_json.data(), input_json.size());
  element root;
  bool parsed = st.parser.capacity() >= input_json.size() ||
                st.parser.allocate(std::max<size_t>(input_json.size(), 64 << 10)) == simdjson::SUCCESS;
  parsed = parsed && st.parser.parse(st.padded.data(), input_json.size(), false).get(root) == simdjson::SUCCESS;
  if (parsed) {
    Renderer(st, w).value(root);
  } else {
    w.text(input_json);  // not JSON: compared as it stands
  }
  if (input_json.size() > kShrinkAbove) {  // give back the memory a huge input needed
    std::string().swap(st.padded);
    st.parser = simdjson::dom::parser{};
  }
}

std::string similarity_text(std::string_view input_json) {
  std::string out;
  similarity_text(input_json, out);
  return out;
}

uint64_t input_content_hash(std::string_view input_json) {
  if (is_absent(input_json)) return kAbsentInputHash;
  thread_local std::string text;
  similarity_text(input_json, text);
  return hash_text(text);
}

}  // namespace tracesift
