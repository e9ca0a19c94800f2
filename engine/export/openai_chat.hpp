// The openai-chat export: each datapoint as one OpenAI chat fine-tuning line
// `{"messages": [...], "tools"?: [...], "parallel_tool_calls"?: bool}`, and the checker of that
// format's rules.
//
// Design note: the conversion reads the stored input and output in place (json_scan.hpp) and
// writes the line directly into the output buffer, copying string tokens as stored; a row that
// breaks a rule is not repaired by guessing but rejected with the reason (RowWriter::rejected),
// so what is exported is exactly what the traces said. Tool schemas and arguments keep the
// source's tokens (key order, escapes, numbers as written): a model is trained on the rendering of
// its tools it sees at inference.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_doc.hpp"
#include "json_scan.hpp"
#include "row_writer.hpp"

namespace tracesift::exporter {

/// Whether `name` is a function name the OpenAI format accepts: 1 to 64 of a-z, A-Z, 0-9, _ and -.
bool is_valid_function_name(std::string_view name) noexcept;

/// Turns a datapoint's input and output into a chat conversation (docs/EXPORT.md "openai-chat"):
/// roles system/user/assistant/tool (developer becomes system), text content, assistant tool calls
/// each answered by tool messages (except the final assistant message's, which are the target),
/// the output's messages appended so the assistant speaks last, and the row's tool definitions.
/// Reasoning parts are left out (the format has no place for them) and noted.
class ChatConverter {
 public:
  /// Converts `row`, appending its messages (a compact JSON array) to `out`. Returns nullopt on
  /// success (tools() then holds the row's tool definitions), else the reason the row cannot be
  /// converted, with `out` as it was before the call.
  std::optional<std::string> convert(const ExportRow& row, std::string& out);
  /// The normalised tool definitions of the last converted row as a compact JSON array, or empty
  /// when it has none.
  const std::string& tools() const noexcept { return row_has_tools_ ? *row_tools_ : kNoTools; }
  /// Whether the last converted row had reasoning parts, left out.
  bool dropped_reasoning() const noexcept { return row_reasoning_; }
  /// Whether the last converted row has tool calls.
  bool has_tool_calls() const noexcept { return row_calls_; }
  /// Records in `notes` what is worth knowing about the last converted row, datapoint `id`:
  /// reasoning left out, tool calls without tool definitions.
  void note(int64_t id, ConversionNotes& notes) const;

  /// Normalises tool definitions (a JSON array in any shape find_tool_definitions accepts) to the
  /// OpenAI shape, into tools(); returns the reason when an entry is not a function definition.
  /// A definition's `name`, `description`, `parameters` and `strict` are written in the source's
  /// order, as its tokens: the schema byte for byte (whitespace between tokens removed), also
  /// when it was JSON text or under another key (`input_schema`, `inputSchema`, ...).
  std::optional<std::string> normalize_tools(std::string_view tools_json);
  /// normalize_tools through a cache of the last kToolsCacheSize lists (an export's rows come from
  /// a few agents, each offering the same tools row after row): the same result, tools() included.
  std::optional<std::string> normalize_tools_cached(std::string_view tools_json);
  /// How many tool lists normalize_tools_cached keeps.
  static constexpr size_t kToolsCacheSize = 8;

 private:
  enum class Role : uint8_t { none, system, user, assistant, tool };
  static constexpr std::string_view role_name(Role r) noexcept {
    constexpr std::string_view kNames[] = {"none", "system", "user", "assistant", "tool"};
    return kNames[static_cast<int>(r)];
  }
  struct PendingCall {
    std::string_view id;
    std::string_view name;
  };
  bool conversation(Raw input, Raw output);
  bool message(Raw m, std::string_view side, size_t index);
  bool content(Raw c, std::string_view side, size_t index, std::string_view& json, bool& present);
  bool assistant_calls(Raw calls, std::string_view side, size_t index, bool& any);
  bool tool_list(Raw tools);
  bool tool_definition(Raw t, size_t index, int depth);
  bool fail(std::string reason);

  JsonTree input_, output_;
  std::string* out_ = nullptr;  // where convert() writes the messages
  std::string buf_, reason_, scratch_, content_;
  std::deque<std::string> arena_;  // unescaped ids and names that have escapes (rare)
  std::vector<PendingCall> pending_;
  std::vector<std::string_view> call_ids_;
  Role last_role_ = Role::none;
  size_t count_ = 0;
  bool only_reasoning_ = false;  // the content just read had reasoning parts and no text
  bool row_reasoning_ = false;
  bool row_calls_ = false;
  // Tool definitions: the last list normalised, kept for the next rows that offer the same.
  // Definitions or schemas kept as JSON text are decoded into inner_text_[depth], read in inner_[depth].
  JsonTree tools_tree_, inner_[3];
  std::string inner_text_[3];
  std::string tools_;
  std::vector<std::string> tool_names_;
  struct CachedTools {
    std::string source, tools;
    std::optional<std::string> reason;
  };
  std::array<CachedTools, kToolsCacheSize> tools_cache_;
  size_t tools_cache_used_ = 0, tools_cache_next_ = 0;
  const std::string* row_tools_ = &tools_;  // tools_, or a cache entry's
  bool row_has_tools_ = false;
  static inline const std::string kNoTools;
};

/// Writes one `{"messages": [...], "tools"?: [...], "parallel_tool_calls"?: bool}` line per
/// convertible datapoint (`parallel_tool_calls` when the source said it and the row has tools)
/// and rejects the others with their reason; notes() counts the rows written with reasoning left
/// out and those with tool calls but no tool definitions.
class OpenAiChatWriter final : public RowWriter {
 public:
  /// A writer passing chunks of about `flush_bytes` to its sink.
  explicit OpenAiChatWriter(size_t flush_bytes = kDefaultFlushBytes) : flush_bytes_(flush_bytes) {}
  /// Starts the output on `sink`.
  void begin(ByteSink& sink) override { out_.open(sink, flush_bytes_); }
  /// Writes the row's line, or rejects it.
  void row(const ExportRow& row) override;
  /// Flushes the rest.
  void end() override { out_.flush(); }
  /// "openai-chat".
  std::string_view format() const noexcept override { return "openai-chat"; }

 private:
  size_t flush_bytes_;
  OutputBuffer out_;
  ChatConverter converter_;
};

/// Checks one line of an OpenAI chat fine-tuning file against the format's rules (docs/EXPORT.md):
/// a JSON object with only `messages`, `tools`, `parallel_tool_calls`; `messages` a non-empty
/// array of {role, content, tool_calls, tool_call_id, name, weight} with valid roles, string
/// content (absent or null only for an assistant message with tool calls), tool calls of the
/// function type with ids used once, every tool message answering a pending call of the assistant
/// message before it, every call answered before the conversation goes on (except the last
/// message's), the assistant last; `tools` a non-empty array of {"type": "function", "function":
/// {"name", "description"?, "parameters"?, "strict"?}} with distinct names. Returns nullopt when
/// the line keeps them all, else the first rule it breaks.
std::optional<std::string> check_openai_chat_line(std::string_view line);

/// Finds the tool definitions offered to the model in span attributes, row after row (see
/// find_tool_definitions), reusing its buffers and the last list's normalisation: the rows of one
/// agent offer the same tools.
class ToolDefinitionFinder {
 public:
  /// The normalised tools array, or nullopt; the view is valid until the next call.
  std::optional<std::string_view> find(std::string_view attributes_json);
  /// Whether the request of the attributes last given to find() allowed parallel tool calls, when
  /// it said: `parallel_tool_calls`, `request.parallel_tool_calls`,
  /// `gen_ai.request.parallel_tool_calls`, or `parallel_tool_calls` inside
  /// `llm.invocation_parameters`, `langfuse.modelParameters` or `langfuse.input.extra` (objects
  /// or JSON text); true/false or the strings "true"/"false".
  std::optional<bool> parallel_tool_calls() const noexcept { return parallel_; }

 private:
  bool try_text(std::string_view text);
  std::optional<std::string_view> find_tools(Raw root);
  std::optional<bool> find_parallel(Raw root);
  // `v`, or the JSON value a string `v` holds (read in settings_): a request's settings.
  Raw settings(Raw v);
  // Appends the entries of `array` (when it is one) to list_, comma-separated, as written.
  void append_entries(Raw array);
  JsonTree attributes_, settings_;
  std::string settings_text_, last_settings_;
  std::optional<bool> parallel_, last_settings_flag_;
  ChatConverter converter_;
  std::string buf_, list_;
};

/// The tool definitions offered to the model, found in a span's attributes as the importers keep
/// them (Google ADK's `gcp.vertex.agent.llm_request` function declarations first, then `tools`,
/// `request.tools`, `gen_ai.tool.definitions`, `llm.tools`, `ai.prompt.tools`,
/// `langfuse.input.extra.tools`, pydantic-ai's `model_request_parameters` (`function_tools` then
/// `output_tools`), `llm.tools.N.tool.json_schema`; JSON-encoded strings are decoded), normalised
/// to an OpenAI `tools` array; nullopt when there are none or when they
/// cannot all be read as function definitions. Meant to fill ExportRow::tools_json.
std::optional<std::string> find_tool_definitions(std::string_view attributes_json);

}  // namespace tracesift::exporter
