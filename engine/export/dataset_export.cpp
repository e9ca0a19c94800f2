#include "dataset_export.hpp"

#include <optional>

#include "../error.hpp"
#include "../json_value.hpp"
#include "datapoint_reader.hpp"
#include "hf_export.hpp"
#include "openai_chat.hpp"

namespace tracesift::exporter {

// Collects what writers push, for next() to hand out. (Not in an anonymous namespace: Impl holds
// one, and a unity build compiles this file as an included one.)
class ExportBufferSink final : public ByteSink {
 public:
  void write(std::string_view bytes) override { buf.append(bytes); }
  // A writer's whole buffer becomes the piece without a copy when nothing is waiting.
  void take(std::string& bytes) override {
    if (buf.empty())
      buf.swap(bytes);
    else
      buf.append(bytes);
    bytes.clear();
  }
  std::string buf;
};

struct DatasetExport::Impl {
  // One stage per file: a data pass (rows of one dataset through one writer) or a finished text.
  struct Stage {
    std::string file;
    std::optional<store::DatasetInfo> rows_of;  // a data pass over this dataset
    std::optional<HfSplit> split;               // hf: the split file the pass writes
    std::string text;                           // otherwise: fixed text, produced when reached
    bool card = false;                          // hf: README.md, made after the data passes
    bool recipe = false;                        // the recipe file, made last
  };

  store::Database& db;
  store::DatasetInfo dataset;
  std::string recipe_json;
  std::string format;
  ExportOptions options;
  std::vector<Stage> stages;
  size_t stage = 0;
  bool stage_started = false;
  ExportBufferSink sink;
  std::unique_ptr<DatapointReader> reader;
  std::unique_ptr<RowWriter> writer;  // jsonl, openai-chat, csv
  std::unique_ptr<HfWriter> hf;       // the current hf split's writer
  int64_t rows = 0;
  RejectionList rejections;  // across writers, for the recipe file
  ConversionNotes notes;     // across writers (openai-chat, hf)
  HfCardInfo card;

  Impl(store::Database& d, store::DatasetInfo ds, std::string recipe, std::string_view fmt, ExportOptions opts)
      : db(d), dataset(std::move(ds)), recipe_json(std::move(recipe)), format(fmt), options(opts) {}

  // Starts a stage; its writer flushes about one piece (`piece_bytes`) at a time, so each piece is
  // one writer buffer, taken whole.
  void start(Stage& s, size_t piece_bytes) {
    if (s.rows_of) {
      const bool converts = format == "openai-chat" || format == "hf";
      reader = std::make_unique<DatapointReader>(
          db, *s.rows_of,
          DatapointFields{.tools = converts, .metadata = format == "jsonl", .metadata_fields = format == "csv"});
      if (s.split) {
        HfLayout layout;
        layout.main = *s.split;
        hf = std::make_unique<HfWriter>(layout, piece_bytes);
        HfSinks sinks;
        (*s.split == HfSplit::train        ? sinks.train
         : *s.split == HfSplit::validation ? sinks.validation
                                           : sinks.test) = &sink;
        hf->begin(sinks);
      } else {
        writer = make_row_writer(format, piece_bytes, options);
        writer->begin(sink);
      }
    } else if (s.card) {
      sink.buf = hf_dataset_card(dataset.name, recipe_json, card);
    } else if (s.recipe) {
      ExportSummary summary;
      summary.dataset = dataset.name;
      summary.format = format;
      summary.rows = rows;
      if (format == "hf") {
        for (const HfSplit split : {HfSplit::train, HfSplit::validation, HfSplit::test})
          if (card.rows[static_cast<size_t>(split)] > 0)
            summary.splits.emplace_back(hf_split_name(split), card.rows[static_cast<size_t>(split)]);
      }
      summary.rejections = &rejections;
      if (format == "openai-chat" || format == "hf") summary.notes = &notes;
      summary.recipe_json = recipe_json == "null" ? std::string_view() : std::string_view(recipe_json);
      sink.buf = export_recipe_json(summary);
    } else {
      sink.buf = s.text;
    }
  }

  // Feeds rows until the buffer holds `max_bytes`; true when the pass has ended.
  bool pump(const Stage& s, size_t max_bytes) {
    ExportRow row;
    while (sink.buf.size() < max_bytes) {
      if (!reader->next(row)) {
        finish_pass(s);
        return true;
      }
      if (hf)
        hf->row(row);
      else
        writer->row(row);
    }
    return false;
  }

  void finish_pass(const Stage& s) {
    if (hf) {
      hf->end();
      const auto i = static_cast<size_t>(*s.split);
      card.rows[i] += hf->rows(*s.split);
      card.rejected += hf->rejections().count();
      card.has_tools = card.has_tools || hf->has_tools();
      card.reasoning_dropped += hf->notes().reasoning_dropped.count();
      card.calls_without_tools += hf->notes().calls_without_tools.count();
      notes.merge(hf->notes());
      rows += hf->rows_written();
      rejections.merge(hf->rejections());
      hf.reset();
    } else {
      writer->end();
      rows += writer->rows_written();
      rejections.merge(writer->rejections());
      notes.merge(writer->notes());
      writer.reset();
    }
    reader.reset();
  }
};

DatasetExport::DatasetExport(store::Database& db, store::DatasetInfo dataset, std::string recipe_json,
                             std::string_view format, std::optional<store::DatasetInfo> eval, ExportOptions options) {
  bool known = false;
  for (const auto f : kExportFormats) known = known || f == format;
  if (!known)
    throw Error(Errc::invalid_argument,
                "unknown export format '" + std::string(format) + "' (jsonl, openai-chat, hf, csv)", "format");
  const std::string name = dataset.name;
  impl_ = std::make_unique<Impl>(db, std::move(dataset), std::move(recipe_json), format, options);
  auto& stages = impl_->stages;
  using Stage = Impl::Stage;
  if (format == "hf") {
    const bool is_eval = impl_->dataset.type == "eval";
    const HfSplit main = is_eval ? HfSplit::test : HfSplit::train;
    stages.push_back(Stage{std::string(hf_split_name(main)) + ".jsonl", impl_->dataset, main, {}, false, false});
    if (eval && !is_eval) stages.push_back(Stage{"validation.jsonl", *eval, HfSplit::validation, {}, false, false});
    stages.push_back(Stage{"README.md", std::nullopt, std::nullopt, {}, true, false});
    stages.push_back(Stage{"recipe.json", std::nullopt, std::nullopt, {}, false, true});
  } else {
    const std::string ext = format == "csv" ? ".csv" : format == "openai-chat" ? ".openai-chat.jsonl" : ".jsonl";
    stages.push_back(Stage{name + ext, impl_->dataset, std::nullopt, {}, false, false});
    stages.push_back(Stage{name + ".recipe.json", std::nullopt, std::nullopt, {}, false, true});
  }
  for (const auto& s : stages) files_.push_back(s.file);
}

DatasetExport::~DatasetExport() = default;

bool DatasetExport::next(ExportPiece& piece, size_t max_bytes) {
  Impl& m = *impl_;
  if (m.stage >= m.stages.size()) return false;
  Impl::Stage& s = m.stages[m.stage];
  if (!m.stage_started) {
    m.start(s, max_bytes);
    m.stage_started = true;
  }
  const bool done = s.rows_of ? m.pump(s, max_bytes) : true;
  piece.file = s.file;
  piece.bytes = std::move(m.sink.buf);
  m.sink.buf.clear();
  piece.file_done = done;
  if (done) {
    ++m.stage;
    m.stage_started = false;
  }
  return true;
}

int64_t DatasetExport::rows() const noexcept {
  return impl_->rows;
}

int64_t DatasetExport::rejected() const noexcept {
  return impl_->rejections.count();
}

int64_t DatasetExport::reasoning_dropped() const noexcept {
  return impl_->notes.reasoning_dropped.count();
}

int64_t DatasetExport::calls_without_tools() const noexcept {
  return impl_->notes.calls_without_tools.count();
}

std::optional<std::string> recipe_exclude(std::string_view recipe_json) {
  const Json recipe = Json::parse(recipe_json, nullptr, false);
  if (!recipe.is_object()) return std::nullopt;
  const auto it = recipe.find("exclude");
  if (it == recipe.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace tracesift::exporter
