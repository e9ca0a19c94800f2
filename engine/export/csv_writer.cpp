#include "csv_writer.hpp"

#include <charconv>
#include <cstring>

#include "../json_text.hpp"
#include "../timestamp.hpp"
#include "json_doc.hpp"
#include "json_scan.hpp"

namespace tracesift::exporter {

namespace {

// Columns read from the metadata object, by key (started_ns/ended_ns become RFC 3339 times).
enum Meta {
  m_trace_id,
  m_session_id,
  m_user_id,
  m_name,
  m_kind,
  m_status,
  m_model,
  m_provider,
  m_environment,
  m_task,
  m_input_tokens,
  m_output_tokens,
  m_cost_usd,
  m_started_ns,
  m_ended_ns,
  m_count
};

constexpr std::array<std::string_view, m_count> kMetaKeys{
    "trace_id",    "session_id", "user_id",      "name",          "kind",     "status",     "model",   "provider",
    "environment", "task",       "input_tokens", "output_tokens", "cost_usd", "started_ns", "ended_ns"};

int meta_index(std::string_view key) noexcept {
  for (size_t i = 0; i < kMetaKeys.size(); ++i) {
    if (kMetaKeys[i].size() == key.size() && kMetaKeys[i][0] == key[0] && kMetaKeys[i] == key)
      return static_cast<int>(i);
  }
  return -1;
}

// What a field holds that changes how it is written (eight bytes at a time).
enum CsvScan : unsigned {
  csv_quote = 1,  // a comma, a double quote, CR or LF: the field must be quoted
  csv_nul = 2,    // a NUL byte: replaced
};

unsigned scan_csv_field(std::string_view s) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  uint64_t quote = 0, nul = 0;
  for (; end - p >= 8; p += 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    quote |= swar::has_byte(x, ',') | swar::has_byte(x, '"') | swar::has_byte(x, '\n') | swar::has_byte(x, '\r');
    nul |= swar::has_zero(x);
  }
  for (; p < end; ++p) {
    quote |= *p == '"' || *p == ',' || *p == '\n' || *p == '\r';
    nul |= *p == '\0';
  }
  return (quote != 0 ? csv_quote : 0u) | (nul != 0 ? csv_nul : 0u);
}

// Whether a spreadsheet would read a text starting with `c` as a formula (OWASP's list).
bool starts_formula(char c) noexcept {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// A metadata value as a field: strings unescaped, numbers and booleans as stored, null as
// missing, objects and arrays as their JSON text.
void append_value_field(std::string& out, Raw v, std::string& buf, CsvFormulas formulas) {
  if (v.absent()) return;
  if (v.is_string()) {
    append_csv_field(out, unescaped(v, buf), formulas);
  } else if (v.is_object() || v.is_array()) {
    append_csv_field(out, v.text, formulas);
  } else {
    out += v.text;
  }
}

// A time in UTC nanoseconds as RFC 3339 (any other value as it is).
void append_time_field(std::string& out, Raw v, std::string& buf, CsvFormulas formulas) {
  int64_t ns = 0;
  const char* end = v.text.data() + v.text.size();
  if (v.is_number()) {
    const auto [ptr, ec] = std::from_chars(v.text.data(), end, ns);
    if (ec == std::errc() && ptr == end) {
      out += format_rfc3339(ns);
      return;
    }
  }
  append_value_field(out, v, buf, formulas);
}

// The text of a message's content: a string, or its text parts joined by newlines (other parts
// left out). False when there is none.
bool plain_text(Raw content, std::string& buf, std::string& scratch, std::string_view& text) {
  if (content.is_string()) {
    text = unescaped(content, buf);
    return true;
  }
  if (!content.is_array()) return false;
  buf.clear();
  bool any = false;
  ArrayReader parts(content);
  Raw part;
  while (parts.next(part)) {
    Raw piece = part;
    if (part.is_object()) {
      const Raw type = member(part, "type");
      const bool text_type =
          type.absent() || string_is(type, "text") || string_is(type, "input_text") || string_is(type, "output_text");
      piece = text_type ? member(part, "text") : Raw{};
    }
    if (!piece.is_string()) continue;
    if (any) buf += '\n';
    buf += unescaped(piece, scratch);
    any = true;
  }
  text = buf;
  return any;
}

}  // namespace

void append_csv_field(std::string& out, std::string_view value, CsvFormulas formulas) {
  const unsigned found = scan_csv_field(value);
  if ((found & csv_nul) != 0) {
    // Design note: a NUL byte (from a "\u0000" escape in a stored string) ends a C string in many
    // readers; the replacement character keeps the cell's length visible, and the JSON columns
    // still hold the exact value.
    std::string clean;
    clean.reserve(value.size() + 8);
    for (const char c : value) {
      if (c == '\0')
        clean += "\xEF\xBF\xBD";
      else
        clean += c;
    }
    append_csv_field(out, clean, formulas);
    return;
  }
  const bool prefix = formulas == CsvFormulas::escape && !value.empty() && starts_formula(value[0]);
  if (!value.empty() && (found & csv_quote) == 0) {
    if (prefix) out += '\'';
    out.append(value);
    return;
  }
  // Design note: count the quotes (eight bytes at a time), size the output once, then copy
  // without branches: JSON cells are dense with quotes, so run-by-run copying or a branch per
  // quote cost more.
  size_t quotes = 0;
  const char* p = value.data();
  const char* const end = p + value.size();
  for (; end - p >= 8; p += 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    quotes += swar::count_byte(x, '"');
  }
  for (; p < end; ++p) quotes += *p == '"';
  const size_t at = out.size();
  out.resize(at + value.size() + quotes + 2 + (prefix ? 1 : 0));
  char* w = out.data() + at;
  *w++ = '"';
  if (prefix) *w++ = '\'';
  p = value.data();
  // Words without a quote are copied whole; in the others each byte is written once, and w[1]
  // ahead of it, which is either the next byte's slot or the closing quote's.
  for (; end - p >= 8; p += 8) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    if (!swar::has_byte(x, '"')) {
      std::memcpy(w, p, 8);
      w += 8;
      continue;
    }
    for (int k = 0; k < 8; ++k) {
      const char c = p[k];
      w[0] = c;
      w[1] = '"';
      w += 1 + (c == '"');
    }
  }
  for (; p < end; ++p) {
    w[0] = *p;
    w[1] = '"';
    w += 1 + (*p == '"');
  }
  *w = '"';
}

void CsvWriter::begin(ByteSink& sink) {
  out_.open(sink, flush_bytes_);
  std::string& out = out_.text();
  for (size_t i = 0; i < kCsvColumns.size(); ++i) {
    if (i > 0) out += ',';
    out += kCsvColumns[i];
  }
  out += "\r\n";
}

namespace {

// The user_id .. ended_at cells from the span's fields: the same text as from its metadata object.
void append_span_fields(std::string& out, const SpanFields& f, CsvFormulas formulas) {
  const std::optional<std::string_view>* const texts[] = {&f.user_id, &f.name,     &f.kind,        &f.status,
                                                          &f.model,   &f.provider, &f.environment, &f.task};
  for (const auto* t : texts) {
    out += ',';
    if (*t) append_csv_field(out, **t, formulas);
  }
  for (const auto& n : {f.input_tokens, f.output_tokens}) {
    out += ',';
    if (n) append_int64(out, *n);
  }
  out += ',';
  if (f.cost_usd) out += *f.cost_usd;
  for (const auto& t : {f.started_ns, f.ended_ns}) {
    out += ',';
    if (t) out += format_rfc3339(*t);
  }
}

}  // namespace

void CsvWriter::row(const ExportRow& r) {
  std::array<Raw, m_count> meta{};
  if (r.span_fields == nullptr && !r.metadata_json.empty() && metadata_.parse(r.metadata_json)) {
    ObjectReader fields(metadata_.root());
    std::string_view key;
    Raw value;
    while (fields.next(key, value)) {
      // (a key with escapes is decoded first: its token is the key with the quotes around it)
      const int i = meta_index(key.find('\\') == std::string_view::npos
                                   ? key
                                   : unescaped(Raw{std::string_view(key.data() - 1, key.size() + 2)}, buf_));
      if (i >= 0 && !meta[static_cast<size_t>(i)].present()) meta[static_cast<size_t>(i)] = value;
    }
  }
  if (dataset_cell_.empty() || r.dataset != dataset_name_) {
    dataset_name_.assign(r.dataset);
    dataset_cell_.clear();
    append_csv_field(dataset_cell_, r.dataset, formulas_);
  }

  std::string& out = out_.text();
  append_int64(out, r.id);
  out += ',';
  out += dataset_cell_;
  out += ',';
  append_csv_field(out, r.source, formulas_);
  out += ',';
  if (r.span_id) append_csv_field(out, *r.span_id, formulas_);
  out += ',';
  if (r.rule_id) append_int64(out, *r.rule_id);
  out += ',';
  if (created_cell_.empty() || r.created_ns != created_ns_) {
    created_ns_ = r.created_ns;
    created_cell_ = format_rfc3339(r.created_ns);
  }
  out += created_cell_;
  // trace_id, session_id: the row's own fields first, else the metadata's.
  const std::optional<std::string_view> own[2] = {r.trace_id, r.session_id};
  for (int i = 0; i < 2; ++i) {
    out += ',';
    if (own[i])
      append_csv_field(out, *own[i], formulas_);
    else
      append_value_field(out, meta[static_cast<size_t>(i)], buf_, formulas_);
  }
  if (r.span_fields != nullptr) {
    append_span_fields(out, *r.span_fields, formulas_);
  } else {
    for (int i = m_user_id; i < m_count; ++i) {
      out += ',';
      if (i == m_started_ns || i == m_ended_ns)
        append_time_field(out, meta[static_cast<size_t>(i)], buf_, formulas_);
      else
        append_value_field(out, meta[static_cast<size_t>(i)], buf_, formulas_);
    }
  }

  // input_text: the last user message's text (or a string input as it is).
  out += ',';
  std::string_view text;
  if (r.input_json && input_.parse(*r.input_json)) {
    const Raw root = input_.root();
    if (root.is_string()) {
      append_csv_field(out, unescaped(root, buf_), formulas_);
    } else if (root.is_array()) {
      ArrayReader messages(root);
      Raw m, last_user;
      while (messages.next(m)) {
        if (m.is_object() && string_is(member(m, "role"), "user")) last_user = m;
      }
      if (last_user.present() && plain_text(member(last_user, "content"), buf_, what_, text))
        append_csv_field(out, text, formulas_);
    }
  }
  // output_text: the assistant messages' text, joined by newlines (or a string output).
  out += ',';
  if (r.output_json && output_.parse(*r.output_json)) {
    const Raw root = output_.root();
    if (root.is_string()) {
      append_csv_field(out, unescaped(root, buf_), formulas_);
    } else if (root.is_array()) {
      ArrayReader messages(root);
      Raw m;
      int any = 0;
      joined_.clear();
      while (messages.next(m)) {
        if (!m.is_object() || !string_is(member(m, "role"), "assistant")) continue;
        if (!plain_text(member(m, "content"), buf_, what_, text)) continue;
        if (any++ > 0) joined_ += '\n';
        joined_ += text;
      }
      if (any > 0) append_csv_field(out, joined_, formulas_);
    }
  }
  out += ',';
  if (r.input_json) append_csv_field(out, *r.input_json, formulas_);
  out += ',';
  if (r.output_json) append_csv_field(out, *r.output_json, formulas_);
  out += "\r\n";
  ++written_;
  out_.row_done();
}

}  // namespace tracesift::exporter
