// Content parts: text, reasoning, images, and the rest (kept as given).
#include "detail.hpp"

namespace tracesift::messages::detail {

namespace {

Json text_part(const std::string& text) {
  Json p = Json::object();
  p["type"] = "text";
  p["text"] = text;
  return p;
}

Json image_url_part(std::string url, const Json* detail = nullptr) {
  Json image = Json::object();
  image["url"] = std::move(url);
  if (detail) image["detail"] = *detail;
  Json p = Json::object();
  p["type"] = "image_url";
  p["image_url"] = std::move(image);
  return p;
}

std::string data_url(const std::string* mime, const std::string* data) {
  return "data:" + (mime ? *mime : std::string("application/octet-stream")) + ";base64," +
         (data ? *data : std::string());
}

// True when every key of `p` is one of `keys`, or holds nothing.
bool only_keys(const Json& p, std::initializer_list<std::string_view> keys) {
  for (auto it = p.begin(); it != p.end(); ++it) {
    bool ok = is_empty(*it);
    for (const auto k : keys) ok = ok || it.key() == k;
    if (!ok) return false;
  }
  return true;
}

// An image part in the OpenAI shape, from Anthropic, Responses, Gemini and GenAI image parts.
std::optional<Json> image_part(const Json& p, bool& exact) {
  if (type_is(p, "image_url") && member(p, "image_url")) return p;  // already the OpenAI shape
  if (type_is(p, "image")) {                                        // Anthropic image block
    const Json* src = member(p, "source");
    if (src && type_is(*src, "base64")) {
      exact = only_keys(p, {"type", "source"});
      return image_url_part(data_url(string_member(*src, "media_type"), string_member(*src, "data")));
    }
    if (const std::string* url = src && type_is(*src, "url") ? string_member(*src, "url") : nullptr) {
      exact = only_keys(p, {"type", "source"});
      return image_url_part(*url);
    }
  }
  if (const std::string* url = type_is(p, "input_image") ? string_member(p, "image_url") : nullptr) {  // Responses
    exact = only_keys(p, {"type", "image_url", "detail"});
    return image_url_part(*url, member(p, "detail"));
  }
  for (const char* key : {"inline_data", "inlineData"}) {  // Gemini
    const Json* d = member(p, key);
    if (!d || !d->is_object()) continue;
    const std::string* mime = string_member(*d, "mime_type");
    if (!mime) mime = string_member(*d, "mimeType");
    if (mime && mime->rfind("image/", 0) == 0) {
      exact = p.size() == 1;
      return image_url_part(data_url(mime, string_member(*d, "data")));
    }
  }
  const std::string* modality = string_member(p, "modality");  // GenAI uri / blob parts
  if (modality && *modality == "image") {
    if (const std::string* uri = type_is(p, "uri") ? string_member(p, "uri") : nullptr) {
      exact = only_keys(p, {"type", "modality", "uri", "mime_type"});
      return image_url_part(*uri);
    }
    if (const std::string* data = type_is(p, "blob") ? string_member(p, "content") : nullptr) {
      exact = only_keys(p, {"type", "modality", "content", "mime_type"});
      return image_url_part(data_url(string_member(p, "mime_type"), data));
    }
  }
  return std::nullopt;
}

// The text of a reasoning summary ([{"type": "summary_text", "text"}, ...]), joined by "\n".
std::string summary_text(const Json& summary) {
  std::string out;
  if (!summary.is_array()) return out;
  for (const Json& s : summary) {
    const std::string* t = s.is_string() ? &s.get_ref<const std::string&>() : string_member(s, "text");
    if (!t) continue;
    if (!out.empty()) out += '\n';
    out += *t;
  }
  return out;
}

}  // namespace

std::optional<Json> reasoning_part(const Json& p, bool& exact) {
  if (!p.is_object()) return std::nullopt;
  const std::string* type = string_member(p, "type");
  if (!type) type = string_member(p, "$type");  // Microsoft.Extensions.AI content
  const Json* thought = member(p, "thought");
  const bool gemini_thought = !type && thought && *thought == true;
  std::string text;
  bool blob = false;  // an encrypted/opaque form of the reasoning is present
  if (gemini_thought) {
    if (const std::string* t = string_member(p, "text")) text = *t;
    blob = member(p, "thought_signature") || member(p, "thoughtSignature");
    exact = only_keys(p, {"text", "thought", "thought_signature", "thoughtSignature"});
  } else if (type && *type == "thinking") {  // Anthropic
    if (const std::string* t = string_member(p, "thinking")) text = *t;
    blob = string_member(p, "signature") != nullptr;
    exact = only_keys(p, {"type", "thinking", "signature"});
  } else if (type && *type == "redacted_thinking") {  // Anthropic
    blob = true;
    exact = only_keys(p, {"type", "data"});
  } else if (type && (*type == "reasoning" || *type == "reasoning_text" || *type == "summary_text")) {
    // OpenAI Responses item {summary, encrypted_content}, GenAI {content}, LangChain {reasoning},
    // Microsoft.Extensions.AI {text, protectedData}.
    for (const char* key : {"text", "content", "reasoning"}) {
      if (const std::string* t = string_member(p, key); t && !t->empty()) {
        text = *t;
        break;
      }
    }
    if (text.empty()) {
      if (const Json* summary = member(p, "summary")) text = summary_text(*summary);
      if (const Json* content = member(p, "content"); text.empty() && content && content->is_array())
        text = summary_text(*content);
    }
    for (const char* key : {"encrypted_content", "protectedData", "signature"}) {
      if (const std::string* b = string_member(p, key); b && !b->empty()) blob = true;
    }
    exact = only_keys(p, {"type", "$type", "text", "content", "reasoning", "summary", "id", "encrypted_content",
                          "protectedData", "signature", "status"}) &&
            !member(p, "id") && !blob;
  } else {
    return std::nullopt;
  }
  if (blob) exact = false;  // the blob stays in the source
  Json part = Json::object();
  part["type"] = "reasoning";
  part["text"] = text;
  if (text.empty() && blob) part["redacted"] = true;
  return part;
}

PartKind classify_part(const Json& p) {
  PartKind k;
  if (p.is_string()) {
    k.kind = PartKind::text;
    k.part = text_part(p.get_ref<const std::string&>());
    return k;
  }
  if (!p.is_object()) {
    k.part = p;
    return k;
  }
  if (p.size() == 2) {  // the common case first: {"type": "text", "text" | "content": <string>}
    const std::string* type = string_member(p, "type");
    const std::string* text = string_member(p, "text");
    if (!text) text = string_member(p, "content");
    if (type && text && *type == "text") {
      k.kind = PartKind::text;
      k.part = text_part(*text);
      return k;
    }
  }
  if (auto r = reasoning_part(p, k.exact)) {
    k.kind = PartKind::reasoning;
    k.part = std::move(*r);
    return k;
  }
  const std::string* type = string_member(p, "type");
  const bool text_type = type && (*type == "text" || *type == "input_text" || *type == "output_text");
  if (text_type || (!type && member(p, "text"))) {
    // OpenAI/Anthropic/Vercel {"type": "text", "text"}, Responses input_text/output_text, GenAI
    // {"type": "text", "content"}, Gemini {"text"}.
    const char* key = string_member(p, "text") ? "text" : (text_type && member(p, "content")) ? "content" : nullptr;
    if (key) {
      const Json& t = p[key];
      k.kind = PartKind::text;
      k.part = text_part(t.is_string() ? t.get_ref<const std::string&>() : compact_text(t));
      // Extras (cache_control, annotations, citations, ...) are not content.
      for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.key() != "type" && it.key() != key && !is_empty(*it)) k.exact = false;
      }
      return k;
    }
  }
  if (auto image = image_part(p, k.exact)) {
    k.part = std::move(*image);
    return k;
  }
  k.part = p;  // files, audio, unknown parts: kept as given
  return k;
}

bool is_empty_reasoning(const Json& part) {
  const std::string* text = string_member(part, "text");
  return type_is(part, "reasoning") && (!text || text->empty()) && !part.contains("redacted");
}

Json content_from_parts(std::vector<Json>& parts) {
  if (parts.empty()) return nullptr;
  bool all_text = true;
  for (const Json& p : parts) all_text = all_text && type_is(p, "text") && string_member(p, "text") && p.size() == 2;
  if (!all_text) return Json(std::move(parts));
  if (parts.size() == 1) return std::move(parts[0]["text"]);
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) joined += '\n';
    joined += parts[i]["text"].get_ref<const std::string&>();
  }
  return joined;
}

}  // namespace tracesift::messages::detail
