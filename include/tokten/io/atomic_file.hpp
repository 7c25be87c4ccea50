#pragma once
// Atomic output: write a unique sibling temporary file, flush it to disk, then rename it over
// the target, so readers see the old content or the new one, never a mix, and a failed run
// leaves the earlier output intact.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tokten::io {

/// Replaces `path` with `content` atomically (POSIX). Throws std::runtime_error naming the path
/// on failure, after removing its temporary file; the target is then unchanged. Safe to call
/// from several threads or processes at once: each write has its own temporary (mkstemp).
inline void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  auto fail = [&](const std::string& what) -> void {
    throw std::runtime_error("cannot write " + path.string() + ": " + what);
  };
  std::error_code error;
  if (fs::is_directory(path, error)) fail("it is a directory");

  // The temporary lives in the target's directory so that the rename stays on one file system.
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(std::string("cannot create a file in ") + dir.string() + " (" + std::strerror(errno) + ")");
  auto abandon = [&](const std::string& what) {
    ::close(fd);
    ::unlink(temp.c_str());
    fail(what);
  };
  (void)::fchmod(fd, 0644);  // mkstemp makes 0600; outputs are ordinary documents
  for (std::size_t written = 0; written < content.size();) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon(std::string("write error (") + std::strerror(errno) + ")");
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) abandon(std::string("cannot flush to disk (") + std::strerror(errno) + ")");
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    fail(std::string("close failed (") + std::strerror(errno) + ")");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    fail(reason);
  }
}

}  // namespace tokten::io
