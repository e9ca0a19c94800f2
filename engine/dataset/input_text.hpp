// The text of a span's `input` as datasets compare it: one normalised string per input, so that
// two inputs that differ only in JSON formatting, letter case or whitespace compare (and hash)
// equal. Used by the exact "same input" leakage check and fed to the near-duplicate index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracesift {

/// input_content_hash of an absent input: an empty view, `null`, or only whitespace.
/// Design note: a fixed constant rather than hash_text(""), so a missing input never equals an
/// input that is present but has no text (`""`, `[]`); hash_text gives 0 with probability 2^-64.
inline constexpr uint64_t kAbsentInputHash = 0;

/// The normalised text of an input (JSON text, as spans store it), replacing `out`'s contents:
/// - a message list (a JSON array; its objects with a string "role" are messages): each message
///   as "role: content", where content is the string, or the text parts of a part list joined by
///   spaces (a part with a string "text" and a "type" of text, input_text, output_text or none, or
///   a bare string; images and other parts are left out), then each tool call as
///   "name(arguments)", arguments that are JSON minified; ids (`tool_call_id`, `tool_calls[].id`)
///   and other message keys are left out, ids being random per call; other elements are written
///   as a non-message input would be; a single message object reads as a list of one;
/// - a JSON string: its value; any other JSON value: its minified JSON text;
/// - text that is not valid JSON (or nests deeper than 1,024 levels, or is not UTF-8): the text
///   itself; an absent input (empty, `null`): "".
/// Then ASCII letters are lower-cased (other bytes, UTF-8 included, are kept as they are), runs
/// of ASCII whitespace become one space, and the ends are trimmed.
/// Design note: parsed with simdjson's DOM, as the import is; measured 0.4-0.9 us per input
/// natively and 1.3-2.1 us in wasm (290-520-byte inputs), most of it in wasm simdjson's portable
/// kernel.
void similarity_text(std::string_view input_json, std::string& out);

/// similarity_text into a new string.
std::string similarity_text(std::string_view input_json);

/// A 64-bit hash of similarity_text(input_json) (hash_text), or kAbsentInputHash when the input
/// is absent: equal for inputs that differ only in formatting, case or whitespace.
uint64_t input_content_hash(std::string_view input_json);

}  // namespace tracesift
