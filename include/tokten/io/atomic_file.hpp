#pragma once
// Atomic output: write a sibling temporary file, flush it, then rename it over the target, so
// readers see the old content or the new one, never a mix, and a failed run leaves the earlier
// output intact.
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace tokten::io {

/// Replaces `path` with `content` atomically. Throws std::runtime_error naming the path on
/// failure, after removing its temporary file; the target is then unchanged.
inline void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target = path;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // The temporary lives in the target's directory so that the rename stays on one file system.
  const fs::path temp = dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  auto fail = [&](const std::string& what) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw std::runtime_error("cannot write " + target.string() + ": " + what);
  };
  if (fs::is_directory(target)) fail("it is a directory");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) fail("cannot create a file in " + dir.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) fail("write error (disk full?)");
  }
  std::error_code error;
  fs::rename(temp, target, error);
  if (error) fail(error.message());
}

}  // namespace tokten::io
