#include "hf_export.hpp"

#include <algorithm>
#include <cstdio>

#include "../error.hpp"
#include "../json_text.hpp"
#include "../json_value.hpp"
#include "../sample/sample_hash.hpp"
#include "json_doc.hpp"

namespace tracesift::exporter {

std::string_view hf_split_name(HfSplit split) noexcept {
  switch (split) {
    case HfSplit::train: return "train";
    case HfSplit::validation: return "validation";
    case HfSplit::test: return "test";
  }
  return "train";
}

HfSplit hf_split_of(const HfLayout& layout, const ExportRow& row) noexcept {
  if (layout.holdout_fraction <= 0 || layout.holdout == layout.main) return layout.main;
  const uint64_t h = row.span_id ? hash_text(*row.span_id) : hash_text(std::to_string(row.id));
  return sample_passes(layout.seed, h, layout.holdout_fraction) ? layout.holdout : layout.main;
}

HfWriter::HfWriter(HfLayout layout, size_t flush_bytes) : layout_(layout), flush_bytes_(flush_bytes) {
  if (!(layout_.holdout_fraction >= 0 && layout_.holdout_fraction <= 1))
    throw Error(Errc::invalid_argument, "the held-out fraction must be between 0 and 1", "holdout_fraction");
}

void HfWriter::begin(const HfSinks& sinks) {
  ByteSink* const by_split[3] = {sinks.train, sinks.validation, sinks.test};
  const auto open = [&](HfSplit split) {
    ByteSink* sink = by_split[static_cast<size_t>(split)];
    if (!sink) {
      throw Error(Errc::invalid_argument,
                  "the hf export needs a sink for " + std::string(hf_split_name(split)) + ".jsonl", "split");
    }
    out_[static_cast<size_t>(split)].open(*sink, flush_bytes_);
  };
  open(layout_.main);
  if (layout_.holdout_fraction > 0) open(layout_.holdout);
}

void HfWriter::row(const ExportRow& row) {
  const auto split = static_cast<size_t>(hf_split_of(layout_, row));
  std::string& out = out_[split].text();
  const size_t mark = out.size();
  out += "{\"id\":";
  append_int64(out, row.id);
  out += ",\"source_span_id\":";
  if (row.span_id)
    append_json_string(out, *row.span_id);
  else
    out += "null";
  out += ",\"messages\":";
  if (auto why = converter_.convert(row, out)) {
    out.resize(mark);
    rejections_.add(row.id, std::move(*why));
    return;
  }
  out += ",\"tools\":";
  if (converter_.tools().empty()) {
    out += "null";
  } else {
    append_json_string_utf8(out, converter_.tools());
    has_tools_ = true;
  }
  out += "}\n";
  converter_.note(row.id, notes_);
  ++rows_[split];
  out_[split].row_done();
}

void HfWriter::end() {
  for (auto& out : out_) {
    if (out.is_open()) out.flush();
  }
}

HfCardInfo hf_card_info(const HfWriter& writer) {
  HfCardInfo info;
  for (size_t i = 0; i < 3; ++i) info.rows[i] = writer.rows(static_cast<HfSplit>(i));
  info.rejected = writer.rejections().count();
  info.layout = writer.layout();
  info.has_tools = writer.has_tools();
  info.reasoning_dropped = writer.notes().reasoning_dropped.count();
  info.calls_without_tools = writer.notes().calls_without_tools.count();
  return info;
}

namespace {

// A YAML scalar: JSON's double-quoted strings are valid YAML.
std::string yaml_string(std::string_view s) {
  return json_string(s);
}

std::string size_category(int64_t n) {
  if (n < 1000) return "n<1K";
  if (n < 10000) return "1K<n<10K";
  if (n < 100000) return "10K<n<100K";
  if (n < 1000000) return "100K<n<1M";
  if (n < 10000000) return "1M<n<10M";
  if (n < 100000000) return "10M<n<100M";
  return "100M<n<1B";
}

// Markdown text with the characters that could start markup escaped, on one line.
std::string md(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_{}[]<>()#+-.!|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

size_t longest_backtick_run(std::string_view s) {
  size_t longest = 0, run = 0;
  for (const char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// Inline code holding any text (the fence is longer than any run of backticks inside).
std::string code(std::string_view s) {
  std::string text;
  for (const char c : s) text += (c == '\n' || c == '\r') ? ' ' : c;
  const std::string fence(longest_backtick_run(text) + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string compact(const Json& v) {
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string plain(const Json& v) {
  return v.is_string() ? v.get<std::string>() : compact(v);
}

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string number(const Json& v) {
  if (v.is_number_integer()) return thousands(v.get<int64_t>());
  return plain(v);
}

std::string on_off(const Json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "on" : "off";
  return code(plain(v));
}

// Renders a value generically: scalars inline, objects as nested lists.
void render_generic(std::string& out, const std::string& indent, const std::string& key, const Json& v) {
  out += indent + "- **" + md(key) + "**:";
  if (v.is_object() && !v.empty()) {
    out += '\n';
    for (const auto& [k, child] : v.items()) render_generic(out, indent + "  ", k, child);
    return;
  }
  out += ' ' + (v.is_number_integer() ? number(v) : code(plain(v))) + '\n';
}

void render_leakage(std::string& out, const Json& leakage) {
  if (!leakage.is_object()) {
    render_generic(out, "", "leakage", leakage);
    return;
  }
  out += "- **Leakage checks against the excluded eval dataset**:";
  const std::pair<const char*, const char*> checks[] = {{"same_span", "same span"},
                                                        {"same_input", "same input"},
                                                        {"same_group", "same trace or session"},
                                                        {"near_duplicate", "near-duplicate input"}};
  bool first = true;
  for (const auto& [key, label] : checks) {
    if (!leakage.contains(key)) continue;
    out += std::string(first ? " " : ", ") + label + " " + on_off(leakage[key]);
    first = false;
  }
  if (leakage.contains("jaccard")) out += " (Jaccard similarity threshold " + plain(leakage["jaccard"]) + ")";
  out += '\n';
  for (const auto& [k, v] : leakage.items()) {
    bool known = k == "jaccard";
    for (const auto& [key, label] : checks) known = known || k == key;
    if (!known) render_generic(out, "  ", k, v);
  }
}

void render_counts(std::string& out, const Json& counts) {
  if (!counts.is_object()) {
    render_generic(out, "", "counts", counts);
    return;
  }
  out += "- **Counts**:\n";
  if (counts.contains("candidates")) out += "  - candidate spans: " + number(counts["candidates"]) + '\n';
  if (counts.contains("excluded")) {
    const Json& e = counts["excluded"];
    if (e.is_object()) {
      out += "  - excluded as overlapping the eval dataset:";
      bool first = true;
      for (const auto& [k, v] : e.items()) {
        std::string label = k;
        std::replace(label.begin(), label.end(), '_', ' ');
        out += std::string(first ? " " : ", ") + md(label) + " " + number(v);
        first = false;
      }
      if (first) out += " none";
      out += '\n';
    } else {
      render_generic(out, "  ", "excluded", e);
    }
  }
  if (counts.contains("rows")) out += "  - rows kept: " + number(counts["rows"]) + '\n';
  if (counts.contains("overlap_ratio")) out += "  - overlap ratio: " + plain(counts["overlap_ratio"]) + '\n';
  for (const auto& [k, v] : counts.items()) {
    if (k != "candidates" && k != "excluded" && k != "rows" && k != "overlap_ratio") render_generic(out, "  ", k, v);
  }
}

void render_recipe(std::string& out, const Json& recipe) {
  const auto line = [&](const char* label, const std::string& value) {
    out += std::string("- **") + label + "**: " + value + '\n';
  };
  for (const auto& [key, v] : recipe.items()) {
    if (key == "type") {
      line("Dataset type", code(plain(v)));
    } else if (key == "filter") {
      line("Filter", v.is_object() && v.empty() ? std::string("none (every span)") : code(compact(v)));
    } else if (key == "only_status") {
      line("Spans taken", "only " + code(plain(v)) + " spans");
    } else if (key == "seed") {
      line("Seed", code(plain(v)));
    } else if (key == "cap") {
      line("Cap", number(v) + " rows");
    } else if (key == "limit") {
      line("Limit", v.is_null() ? std::string("none") : number(v) + " rows");
    } else if (key == "ranking") {
      line("Ranking", code(plain(v)));
    } else if (key == "exclude") {
      line("Excluded eval dataset", v.is_null() ? std::string("none") : code(plain(v)));
    } else if (key == "leakage") {
      render_leakage(out, v);
    } else if (key == "counts") {
      render_counts(out, v);
    } else if (key == "engine_version") {
      line("Engine version", "tracesift " + code(plain(v)));
    } else if (key == "created_at") {
      line("Created at", code(plain(v)));
    } else if (key == "rows_hash") {
      line("Rows hash", code(plain(v)) + " (of the dataset's span ids, inputs and outputs, in order)");
    } else {
      render_generic(out, "", key, v);
    }
  }
}

// A fenced code block holding `text`, whatever backticks it contains.
std::string fenced(std::string_view lang, std::string_view text) {
  const std::string fence(std::max<size_t>(3, longest_backtick_run(text) + 1), '`');
  return fence + std::string(lang) + '\n' + std::string(text) + '\n' + fence + '\n';
}

void yaml_features(std::string& out) {
  out +=
      "dataset_info:\n"
      "  features:\n"
      "  - name: id\n"
      "    dtype: int64\n"
      "  - name: source_span_id\n"
      "    dtype: string\n"
      "  - name: messages\n"
      "    list:\n"
      "    - name: role\n"
      "      dtype: string\n"
      "    - name: content\n"
      "      dtype: string\n"
      "    - name: tool_calls\n"
      "      list:\n"
      "      - name: id\n"
      "        dtype: string\n"
      "      - name: type\n"
      "        dtype: string\n"
      "      - name: function\n"
      "        struct:\n"
      "        - name: name\n"
      "          dtype: string\n"
      "        - name: arguments\n"
      "          dtype: string\n"
      "    - name: tool_call_id\n"
      "      dtype: string\n"
      "  - name: tools\n"
      "    dtype: string\n";
}

}  // namespace

std::string hf_dataset_card(std::string_view dataset_name, std::string_view recipe_json, const HfCardInfo& info) {
  Json recipe;
  bool recipe_ok = true;
  if (!recipe_json.empty() && recipe_json != "null") {
    recipe = Json::parse(recipe_json, nullptr, false);
    recipe_ok = !recipe.is_discarded();
  }
  int64_t total = 0;
  for (const int64_t n : info.rows) total += n;

  std::string out = "---\npretty_name: " + yaml_string(dataset_name) + "\n";
  out += "task_categories:\n- text-generation\ntags:\n- tracesift\n- conversational\n";
  if (info.has_tools) out += "- tool-calling\n";
  out += "size_categories:\n- " + size_category(total) + "\n";
  if (total > 0) {
    out += "configs:\n- config_name: default\n  data_files:\n";
    for (size_t i = 0; i < 3; ++i) {
      if (info.rows[i] == 0) continue;
      const std::string name(hf_split_name(static_cast<HfSplit>(i)));
      out += "  - split: " + name + "\n    path: " + name + ".jsonl\n";
    }
    yaml_features(out);
    out += "  splits:\n";
    for (size_t i = 0; i < 3; ++i) {
      if (info.rows[i] == 0) continue;
      out += "  - name: " + std::string(hf_split_name(static_cast<HfSplit>(i))) +
             "\n    num_examples: " + std::to_string(info.rows[i]) + "\n";
    }
  }
  out += "---\n\n";

  out += "# " + md(dataset_name) + "\n\n";
  out += "Conversations exported by tracesift from the dataset " + code(dataset_name) + " (" + thousands(total) +
         (total == 1 ? " row" : " rows") +
         "), one JSON object a line, ready for supervised fine-tuning in the "
         "OpenAI chat format.\n\n";

  out += "## Splits\n\n";
  if (total == 0) {
    out += "No row could be exported.\n\n";
  } else {
    out += "| split | file | rows |\n|---|---|---:|\n";
    for (size_t i = 0; i < 3; ++i) {
      if (info.rows[i] == 0) continue;
      const std::string name(hf_split_name(static_cast<HfSplit>(i)));
      out += "| " + name + " | `" + name + ".jsonl` | " + thousands(info.rows[i]) + " |\n";
    }
    out += '\n';
    const HfLayout& l = info.layout;
    if (l.holdout_fraction > 0 && l.holdout != l.main) {
      char fraction[32];
      std::snprintf(fraction, sizeof fraction, "%g%%", l.holdout_fraction * 100);
      out += "Rows go to `" + std::string(hf_split_name(l.main)) + "` except about " + fraction + ", sent to `" +
             std::string(hf_split_name(l.holdout)) + "` by a seeded hash of their source span id (seed " +
             std::to_string(l.seed) + "): the same export always splits the same way.\n\n";
    }
  }
  if (!info.splits_note.empty()) out += std::string(info.splits_note) + "\n\n";
  if (info.rejected > 0) {
    out += thousands(info.rejected) + (info.rejected == 1 ? " row" : " rows") +
           " of the dataset could not be converted to a conversation and " + (info.rejected == 1 ? "is" : "are") +
           " left out; `recipe.json` lists them with the reason.\n\n";
  }
  if (info.reasoning_dropped > 0) {
    out += thousands(info.reasoning_dropped) + (info.reasoning_dropped == 1 ? " row has" : " rows have") +
           " their reasoning parts left out (" + std::string(kReasoningDroppedReason) +
           "); `recipe.json` lists them.\n\n";
  }
  if (info.calls_without_tools > 0) {
    out += thousands(info.calls_without_tools) + (info.calls_without_tools == 1 ? " row has" : " rows have") +
           " tool calls but no tool definitions (`tools` is null: the span did not record them); `recipe.json` "
           "lists them.\n\n";
  }

  out += "## Row format\n\n";
  out += "- `id`: the datapoint's id in the tracesift dataset\n";
  out += "- `source_span_id`: the span it was taken from\n";
  out +=
      "- `messages`: the conversation, `role` one of `system`, `user`, `assistant`, `tool`; `content` text; "
      "assistant `tool_calls` (`id`, `type`, `function` with `name` and JSON `arguments`) each answered by a "
      "`tool` message with its `tool_call_id`; the last message is the assistant's\n";
  out += "- `tools`: the function definitions offered to the model, as JSON text (`json.loads` it), or null\n\n";
  std::string files;
  for (size_t i = 0; i < 3; ++i) {
    if (info.rows[i] == 0) continue;
    const std::string name(hf_split_name(static_cast<HfSplit>(i)));
    files += std::string(files.empty() ? "" : ", ") + "\"" + name + "\": \"" + name + ".jsonl\"";
  }
  if (files.empty()) files = "\"train\": \"train.jsonl\"";
  out += fenced("python", "from datasets import load_dataset\n\nds = load_dataset(\"json\", data_files={" + files +
                              "})\n# or load_dataset(\"path/to/this/folder\"): the card's configs name the files");
  out += '\n';

  out += "## Recipe\n\n";
  if (!recipe_ok) {
    out += "The recipe stored with the dataset is not valid JSON; as stored:\n\n" + fenced("", recipe_json) + '\n';
  } else if (recipe.is_null()) {
    out += "The dataset has no recipe (a collection of captured and hand-picked datapoints).\n\n";
  } else if (!recipe.is_object()) {
    out += fenced("json", compact(recipe)) + '\n';
  } else {
    render_recipe(out, recipe);
    out += "\nThe recipe as JSON (also in `recipe.json`):\n\n";
    out += fenced("json", recipe.dump(2, ' ', false, Json::error_handler_t::replace));
  }
  return out;
}

}  // namespace tracesift::exporter
