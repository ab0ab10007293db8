#include "common/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace tlb::common {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void io_error(const std::string& what, const fs::path& path) {
  throw std::runtime_error(what + " '" + path.string() + "': " + std::strerror(errno));
}

fs::path folder_of(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void sync_to_disk(const fs::path& path) {
  const int fd = ::open(path.c_str(), fs::is_directory(path) ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) io_error("cannot open for fsync", path);
  const int status = ::fsync(fd);
  ::close(fd);
  if (status != 0) io_error("cannot fsync", path);
}

fs::path temporary_path_for(const fs::path& target, const std::string& tag, bool per_process) {
  std::string name = "." + target.filename().string() + "." + tag;
  if (per_process) name += "-" + std::to_string(::getpid());
  return target.parent_path() / name;
}

void commit_file(const fs::path& temporary, const fs::path& target, bool sync) {
  if (sync) sync_to_disk(temporary);
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    io_error("cannot rename '" + temporary.string() + "' to", target);
  }
  if (sync) sync_to_disk(folder_of(target));
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
  const fs::path temporary = temporary_path_for(path, "tmp");
  FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) io_error("cannot create", temporary);
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0;
  const bool closed = std::fclose(file) == 0;
  try {
    if (!written || !closed) io_error("cannot write", temporary);
    commit_file(temporary, path);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

size_t remove_stale_temporaries(const fs::path& folder) {
  size_t removed = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    const auto dash = name.rfind('-');
    if (name.size() < 2 || name[0] != '.' || dash == std::string::npos) continue;
    const std::string pid_text = name.substr(dash + 1);
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto tag_dot = name.rfind('.', dash);
    if (tag_dot == std::string::npos || tag_dot == 0) continue;  // no ".<tag>" before the pid
    const pid_t pid = static_cast<pid_t>(std::strtol(pid_text.c_str(), nullptr, 10));
    // kill(pid, 0) fails with ESRCH only when no such process exists.
    if (pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH)) continue;
    std::error_code ignored;
    if (fs::remove(entry.path(), ignored)) ++removed;
  }
  return removed;
}

}  // namespace tlb::common
