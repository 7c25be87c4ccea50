#pragma once
// Atomic output: write a unique sibling temporary file, flush it to disk, then rename it over
// the target, so readers see the old content or the new one, never a mix, and a failed run
// leaves the earlier output intact.
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tokten/error.hpp"

namespace tokten::io {

namespace detail {

// The temporaries being written right now, for install_interrupt_cleanup(): fixed slots that a signal
// handler can read without locking or allocating (a write that finds no free slot is simply not
// cleaned up on interruption; its target is intact either way).
struct TemporarySlot {
  std::atomic<bool> used{false};
  std::atomic<bool> ready{false};
  char path[4096] = {};
};
inline TemporarySlot temporary_slots[8];

// Claims a slot for one temporary. mkstemp runs on the slot's own copy of the name, which is
// marked ready before the file exists: a signal at any moment finds the name the file has (or
// one that does not exist yet, whose unlink does nothing).
class RegisteredTemporary {
 public:
  explicit RegisteredTemporary(std::string& name) : name_(name.data()) {
    if (name.size() >= sizeof(TemporarySlot::path)) return;
    for (TemporarySlot& s : temporary_slots) {
      bool expected = false;
      if (s.used.compare_exchange_strong(expected, true)) {
        std::memcpy(s.path, name.c_str(), name.size() + 1);
        s.ready.store(true);
        slot_ = &s;
        name_ = s.path;
        return;
      }
    }
  }
  ~RegisteredTemporary() {
    if (!slot_) return;
    slot_->ready.store(false);
    slot_->used.store(false);
  }
  RegisteredTemporary(const RegisteredTemporary&) = delete;
  RegisteredTemporary& operator=(const RegisteredTemporary&) = delete;

  /// The template to hand to mkstemp: the slot's copy, or the caller's string without a slot.
  char* name() const { return name_; }

 private:
  TemporarySlot* slot_ = nullptr;
  char* name_;
};

// What install_interrupt_cleanup's caller wants done after the cleanup (nullptr: nothing).
inline std::atomic<void (*)(int)> after_interrupt_cleanup{nullptr};

inline void remove_temporaries_and_reraise(int signal_number) {
  for (TemporarySlot& s : temporary_slots)
    if (s.ready.load()) ::unlink(s.path);  // async-signal-safe
  if (auto after = after_interrupt_cleanup.load()) after(signal_number);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

}  // namespace detail

/// For programs (the tokten CLI): on SIGINT, SIGTERM or SIGHUP, remove the temporary file of any
/// write_file_atomically in progress, then die of the signal as before. The target file is
/// intact with or without this; it only keeps an interrupted run from leaving a hidden
/// ".NAME.tmp-XXXXXX" beside it. (SIGKILL cannot be caught: such a file may then remain.)
/// Signals that are ignored when this is called stay ignored.
/// `after_cleanup`, when given, runs in the signal handler once the temporaries are gone, with the
/// signal number, before the process dies of the signal: only async-signal-safe calls there
/// (the CLI writes a prepared message with write(2)).
inline void install_interrupt_cleanup(void (*after_cleanup)(int) = nullptr) {
  detail::after_interrupt_cleanup.store(after_cleanup);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction previous {};
    // A signal the caller ignores (nohup, a background job) stays ignored.
    if (::sigaction(signal_number, nullptr, &previous) == 0 && previous.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = detail::remove_temporaries_and_reraise;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
  }
}

/// Replaces `path` with `content` atomically (POSIX). Throws WriteError (a std::runtime_error)
/// naming the path on failure, after removing its temporary file; the target is then unchanged.
/// Safe to call from several threads or processes at once: each write has its own temporary
/// (mkstemp).
inline void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  auto fail = [&](const std::string& what) -> void {
    throw WriteError(path.string(), "cannot write " + path.string() + ": " + what);
  };
  std::error_code error;
  if (fs::is_directory(path, error)) fail("it is a directory");

  // The temporary lives in the target's directory so that the rename stays on one file system.
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  detail::RegisteredTemporary registered(temp);
  const int fd = ::mkstemp(registered.name());
  if (fd < 0) fail(std::string("cannot create a file in ") + dir.string() + " (" + std::strerror(errno) + ")");
  if (registered.name() != temp.data()) temp = registered.name();
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
  // The rename itself reaches the disk with the directory (best effort: the target is already
  // complete and in place).
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace tokten::io
