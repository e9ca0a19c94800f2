#include "fact_table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "../dataset/input_text.hpp"
#include "../sample/sample_hash.hpp"

namespace tracesift {
namespace {

std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

}  // namespace

FactFields fact_fields(const Span& s, int64_t rowid) {
  FactFields f;
  f.rowid = rowid;
  f.span_id = s.span_id;
  f.trace_id = s.trace_id;
  f.name = s.name;
  f.kind = s.kind;
  f.status = s.status;
  f.model = view_of(s.model);
  f.provider = view_of(s.provider);
  f.environment = view_of(s.environment);
  f.task = view_of(s.task);
  f.session_id = view_of(s.session_id);
  f.user_id = view_of(s.user_id);
  f.input_tokens = s.input_tokens;
  f.output_tokens = s.output_tokens;
  f.cost_usd = s.cost_usd;
  f.started_ns = s.started_ns;
  f.ended_ns = s.ended_ns;
  f.input_json = view_of(s.input_json);
  return f;
}

uint64_t key_hash(std::string_view value) noexcept {
  const uint64_t h = hash_text(value);
  return h == 0 ? 1 : h;
}

void FactTable::load(store::Database& db) {
  if (loaded_) return;
  std::vector<FactRow> rows;
  store::for_each_span_fields(db, [&](const FactFields& f) { rows.push_back(make_row(f)); });
  rows_ = std::move(rows);
  loaded_ = true;
}

FactRow FactTable::make_row(const FactFields& f) {
  FactRow r;
  r.rowid = f.rowid;
  r.started_ns = f.started_ns;
  if (f.ended_ns) r.ended_ns = *f.ended_ns;
  if (f.cost_usd) r.cost = *f.cost_usd;
  r.input_tokens = f.input_tokens.value_or(0);
  r.tokens = r.input_tokens + f.output_tokens.value_or(0);
  r.span_hash = hash_text(f.span_id);
  r.input_hash = input_content_hash(f.input_json.value_or("null"));
  r.session = f.session_id ? key_hash(*f.session_id) : 0;
  r.trace = key_hash(f.trace_id);
  r.user = f.user_id ? key_hash(*f.user_id) : 0;
  r.model = models_.intern(f.model);
  r.provider = providers_.intern(f.provider);
  r.environment = environments_.intern(f.environment);
  r.task = tasks_.intern(f.task);
  r.name = names_.intern(f.name);
  r.kind = static_cast<uint8_t>(f.kind);
  r.status = static_cast<uint8_t>(f.status);
  return r;
}

size_t FactTable::put(const FactRow& row) {
  if (rows_.empty() || rows_.back().rowid < row.rowid) {
    rows_.push_back(row);
    return rows_.size() - 1;
  }
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), row.rowid,
                                   [](const FactRow& r, int64_t id) { return r.rowid < id; });
  const size_t at = static_cast<size_t>(it - rows_.begin());
  if (it != rows_.end() && it->rowid == row.rowid)
    *it = row;
  else
    rows_.insert(it, row);
  return at;
}

// --- the persisted copy ----------------------------------------------------------------------------
// Design note: the chunks are FactRow arrays as they are in memory (little-endian fixed-width
// fields at the same offsets natively and in wasm, asserted below), so a chunk loads with one copy.
// Written column by column instead (so that a later version could read only the columns a query
// needs), loading 1M rows took 0.39 s natively, most of it scattering values into rows.
// The header's magic carries the encoding's version: a copy in another encoding is not read, and
// the table is rebuilt.

namespace {

constexpr std::string_view kMagic = "tsfacts2";

static_assert(sizeof(FactRow) == 112 && alignof(FactRow) == 8, "the persisted chunks' row layout");
static_assert(offsetof(FactRow, rowid) == 0 && offsetof(FactRow, cost) == 24 && offsetof(FactRow, user) == 80 &&
                  offsetof(FactRow, model) == 88 && offsetof(FactRow, name) == 104 && offsetof(FactRow, kind) == 108 &&
                  offsetof(FactRow, status) == 109 && offsetof(FactRow, unused) == 110,
              "the persisted chunks' row layout");

template <class T>
void put_value(std::string& out, T v) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  out.append(bytes, sizeof(T));
}

// Reads fixed-width values and strings from encoded bytes; any overrun makes it fail().
class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}
  template <class T>
  T value() {
    T v{};
    if (bytes_.size() - pos_ < sizeof(T) || failed_) {
      failed_ = true;
      return v;
    }
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view text(size_t n) {
    if (bytes_.size() - pos_ < n || failed_) {
      failed_ = true;
      return {};
    }
    const std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool failed() const noexcept { return failed_; }
  bool at_end() const noexcept { return !failed_ && pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::string FactTable::encode_header(int64_t generation, int64_t max_rowid) const {
  std::string out(kMagic);
  put_value<int64_t>(out, generation);
  put_value<int64_t>(out, max_rowid);
  put_value<uint64_t>(out, rows_.size());
  for (const Dictionary* d : {&models_, &providers_, &environments_, &tasks_, &names_}) {
    put_value<uint32_t>(out, static_cast<uint32_t>(d->size()));
    for (uint32_t id = 1; id < d->size(); ++id) {
      put_value<uint32_t>(out, static_cast<uint32_t>(d->value(id).size()));
      out += d->value(id);
    }
  }
  return out;
}

std::string FactTable::encode_chunk(size_t k) const {
  const size_t first = std::min(k * kChunkRows, rows_.size());
  const size_t n = std::min(kChunkRows, rows_.size() - first);
  std::string out;
  out.reserve(sizeof(uint32_t) + n * sizeof(FactRow));
  put_value<uint32_t>(out, static_cast<uint32_t>(n));
  out.append(reinterpret_cast<const char*>(rows_.data() + first), n * sizeof(FactRow));
  return out;
}

std::optional<FactTable::HeaderStamp> FactTable::header_stamp(std::string_view header) {
  Decoder in(header);
  if (in.text(kMagic.size()) != kMagic) return std::nullopt;
  HeaderStamp stamp;
  stamp.generation = in.value<int64_t>();
  stamp.max_rowid = in.value<int64_t>();
  if (in.failed()) return std::nullopt;
  return stamp;
}

bool FactTable::load_encoded(std::string_view header,
                             const std::function<std::optional<std::string_view>()>& next_chunk) {
  FactTable t;
  Decoder in(header);
  if (in.text(kMagic.size()) != kMagic) return false;
  in.value<int64_t>();  // generation and max rowid: checked by the caller (header_stamp)
  in.value<int64_t>();
  const uint64_t rows = in.value<uint64_t>();
  for (Dictionary* d : {&t.models_, &t.providers_, &t.environments_, &t.tasks_, &t.names_}) {
    const uint32_t size = in.value<uint32_t>();
    for (uint32_t id = 1; id < size && !in.failed(); ++id) {
      const std::string_view value = in.text(in.value<uint32_t>());
      if (in.failed() || d->intern(value) != id) return false;  // a repeated value: not ours
    }
  }
  if (!in.at_end()) return false;
  if (rows > (uint64_t{1} << 32)) return false;  // not a count this engine writes
  t.rows_.resize(rows);
  size_t first = 0;
  while (const std::optional<std::string_view> chunk = next_chunk()) {
    Decoder c(*chunk);
    const uint32_t n = c.value<uint32_t>();
    if (n == 0 || n > kChunkRows || first + n > rows || (n < kChunkRows && first + n != rows)) return false;
    const std::string_view bytes = c.text(n * sizeof(FactRow));
    if (c.failed()) return false;
    std::memcpy(static_cast<void*>(t.rows_.data() + first), bytes.data(), bytes.size());
    if (!c.at_end()) return false;
    // Ids index arrays and dictionaries: a damaged row is refused, not looked up.
    const auto valid = [&](const FactRow& r) {
      return r.kind < kSpanKindNames.size() && r.status < kSpanStatusNames.size() && r.model < t.models_.size() &&
             r.provider < t.providers_.size() && r.environment < t.environments_.size() && r.task < t.tasks_.size() &&
             r.name < t.names_.size() && (first == 0 || r.rowid > t.rows_[first - 1].rowid);
    };
    for (size_t i = first; i < first + n; ++i) {
      if (!valid(t.rows_[i]) || (i > first && t.rows_[i].rowid <= t.rows_[i - 1].rowid)) return false;
    }
    first += n;
  }
  if (first != rows) return false;
  t.loaded_ = true;
  *this = std::move(t);
  return true;
}

}  // namespace tracesift
