#include "handle_pool.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "../error.hpp"

namespace tracesift::store {
namespace {

constexpr std::array<char, 8> kMagic{'t', 's', 'f', 'p', 'o', 'o', 'l', '1'};
constexpr size_t kFixed = 24;  // magic, sequence number, flags, name length

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}
void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

HandlePool::HandlePool(std::vector<std::unique_ptr<PoolFile>> files, size_t write_buffer)
    : write_buffer_(write_buffer) {
  std::vector<uint8_t> header(kHeaderSize);
  for (auto& file : files) {
    Slot slot;
    slot.file = std::move(file);
    // One read per file: the whole header.
    const size_t got = slot.file->read(0, header.data(), header.size());
    if (got >= kFixed + 8 && std::memcmp(header.data(), kMagic.data(), kMagic.size()) == 0) {
      const uint32_t len = get_u32(header.data() + 20);
      if (len > 0 && len <= kMaxName && kFixed + len + 8 <= got &&
          fnv1a(header.data(), kFixed + len) == get_u64(header.data() + kFixed + len)) {
        slot.seq = get_u64(header.data() + 8);
        slot.flags = get_u32(header.data() + 16);
        slot.name.assign(reinterpret_cast<const char*>(header.data() + kFixed), len);
        slot.data_size = std::max<int64_t>(0, slot.file->size() - kHeaderSize);
        next_seq_ = std::max(next_seq_, slot.seq + 1);
      }
    }
    slots_.push_back(std::move(slot));
  }
  // A name held twice: the older claim is free (its header is rewritten when the slot is reused).
  for (auto& a : slots_) {
    for (auto& b : slots_) {
      if (&a != &b && !a.name.empty() && a.name == b.name && a.seq < b.seq) a.name.clear();
    }
  }
}

HandlePool::~HandlePool() {
  for (Slot& slot : slots_) {
    try {
      if (!slot.name.empty()) drain(slot);
    } catch (...) {
    }
  }
}

void HandlePool::drain(Slot& slot) {
  if (slot.pending.empty()) return;
  // Cleared either way: a failed write must not be tried again later, out of order.
  try {
    slot.file->write(kHeaderSize + slot.pending_offset, slot.pending.data(), slot.pending.size());
  } catch (...) {
    slot.pending.clear();
    throw;
  }
  slot.pending.clear();
}

void HandlePool::drain(int slot) {
  drain(at(slot));
}

HandlePool::Slot& HandlePool::at(int slot) {
  if (slot < 0 || slot >= capacity() || slots_[static_cast<size_t>(slot)].name.empty())
    throw Error(Errc::internal, "pool slot " + std::to_string(slot) + " is not open", {}, SQLITE_IOERR);
  return slots_[static_cast<size_t>(slot)];
}
const HandlePool::Slot& HandlePool::at(int slot) const {
  return const_cast<HandlePool*>(this)->at(slot);
}

int HandlePool::find(std::string_view name) const {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].name.empty() && slots_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void HandlePool::write_header(Slot& slot) {
  std::vector<uint8_t> header(kFixed + slot.name.size() + 8, 0);
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  put_u64(header.data() + 8, slot.seq);
  put_u32(header.data() + 16, slot.flags);
  put_u32(header.data() + 20, static_cast<uint32_t>(slot.name.size()));
  std::memcpy(header.data() + kFixed, slot.name.data(), slot.name.size());
  put_u64(header.data() + kFixed + slot.name.size(), fnv1a(header.data(), kFixed + slot.name.size()));
  slot.file->write(0, header.data(), header.size());
}

int HandlePool::create(std::string_view name, uint32_t open_flags) {
  if (name.empty() || name.size() > kMaxName)
    throw Error(Errc::invalid_argument, "a pooled file name must have 1 to 1024 bytes", {}, SQLITE_CANTOPEN);
  const int existing = find(name);
  if (existing >= 0) return existing;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    if (!slot.name.empty()) continue;
    // Drop old data first, then claim the slot: a crash in between leaves a free slot.
    slot.file->truncate(kHeaderSize);
    slot.name = std::string(name);
    slot.flags = open_flags;
    slot.seq = next_seq_++;
    slot.data_size = 0;
    try {
      write_header(slot);
      slot.file->flush();
    } catch (...) {
      slot.name.clear();
      throw;
    }
    return static_cast<int>(i);
  }
  throw Error(Errc::storage,
              "every one of the " + std::to_string(slots_.size()) + " pooled files is in use; cannot open '" +
                  std::string(name) + "'",
              {}, SQLITE_CANTOPEN);
}

void HandlePool::remove(std::string_view name) {
  const int index = find(name);
  if (index < 0) return;
  Slot& slot = slots_[static_cast<size_t>(index)];
  slot.pending.clear();  // the file goes: its buffered writes with it
  // Invalidate the header (the magic), then give the space back.
  const std::array<uint8_t, kFixed> zeros{};
  slot.file->write(0, zeros.data(), zeros.size());
  slot.name.clear();
  slot.data_size = 0;
  slot.file->truncate(kHeaderSize);
  slot.file->flush();
}

size_t HandlePool::read(int slot, int64_t offset, void* dst, size_t n) {
  Slot& s = at(slot);
  if (!s.pending.empty() && offset < s.pending_offset + static_cast<int64_t>(s.pending.size()) &&
      s.pending_offset < offset + static_cast<int64_t>(n))
    drain(s);
  if (offset >= s.data_size) return 0;
  const size_t want = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(n), s.data_size - offset));
  return s.file->read(kHeaderSize + offset, dst, want);
}

void HandlePool::write(int slot, int64_t offset, const void* src, size_t n) {
  Slot& s = at(slot);
  const auto* bytes = static_cast<const char*>(src);
  const bool continues = !s.pending.empty() && offset == s.pending_offset + static_cast<int64_t>(s.pending.size());
  if (continues && s.pending.size() + n <= write_buffer_) {
    s.pending.append(bytes, n);
  } else {
    drain(s);
    if (n < write_buffer_) {
      s.pending.assign(bytes, n);
      s.pending_offset = offset;
    } else {
      s.file->write(kHeaderSize + offset, src, n);
    }
  }
  s.data_size = std::max<int64_t>(s.data_size, offset + static_cast<int64_t>(n));
}

void HandlePool::truncate(int slot, int64_t size) {
  Slot& s = at(slot);
  drain(s);
  s.file->truncate(kHeaderSize + size);
  s.data_size = size;
}

int64_t HandlePool::size(int slot) const {
  return at(slot).data_size;
}

void HandlePool::flush(int slot) {
  Slot& s = at(slot);
  drain(s);
  s.file->flush();
}

const std::string& HandlePool::name(int slot) const {
  return slots_.at(static_cast<size_t>(slot)).name;
}

std::vector<std::string> HandlePool::names() const {
  std::vector<std::string> out;
  for (const auto& s : slots_) {
    if (!s.name.empty()) out.push_back(s.name);
  }
  return out;
}

}  // namespace tracesift::store
