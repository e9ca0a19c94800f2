// memcpy/memmove/memset over WebAssembly's bulk-memory instructions (memory.copy / memory.fill).
// Design note: emscripten 3.1.6's prebuilt libc copies byte loops (and calls out to JS for big
// blocks); with -mbulk-memory clang lowers these builtins to single instructions. Linked into
// every wasm executable ahead of libc, so the C++ standard library's copies use them too.
#include <stddef.h>

void* memcpy(void* restrict dest, const void* restrict src, size_t n) {
  __builtin_memcpy(dest, src, n);
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  __builtin_memmove(dest, src, n);
  return dest;
}

void* memset(void* dest, int c, size_t n) {
  __builtin_memset(dest, c, n);
  return dest;
}
