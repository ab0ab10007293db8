// Files that are either the old complete version or the new complete version, never half of
// one, even after a kill -9 or a power loss. The one rule every writer in tlb follows:
//
//   write a temporary file in the target's folder (rename(2) is atomic only within one file
//   system) -> fsync it -> rename it over the target -> fsync the folder (so the rename itself
//   is on disk).
//
// write_file_atomically does all of it for bytes in memory. A writer that produces the file
// itself (HDF5 writes to a path) writes to temporary_path_for(target) and then calls
// commit_file. A temporary left behind by a kill is never read: it has its own name.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tlb::common {

// Writes `bytes` to `path` by the rule above. Throws std::runtime_error naming the file (and
// leaves `path` as it was) on an I/O error.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// A name for a file to be committed to `target` later: a hidden file in the same folder,
// ".<name>.<tag>" (and "-<pid>" when `per_process`, so two processes never share one).
std::filesystem::path temporary_path_for(const std::filesystem::path& target,
                                         const std::string& tag, bool per_process = true);

// Gives the finished, closed file `temporary` the name `target` by the rule above (fsync,
// rename, fsync of the folder); `sync` false skips both fsyncs (for throwaway data: a kill
// is still safe, a power loss may lose the file). Throws std::runtime_error naming both
// files on an error; `temporary` is then left for the caller to remove.
void commit_file(const std::filesystem::path& temporary, const std::filesystem::path& target,
                 bool sync = true);

// Removes the temporaries (".<name>.<tag>-<pid>") in `folder` whose process is no longer
// running: what a kill left behind. Returns how many it removed. Files of a live process, and
// every other file, are left alone.
size_t remove_stale_temporaries(const std::filesystem::path& folder);

// Flushes a file, or a folder's entries, from the page cache to the disk. Throws
// std::runtime_error naming `path`.
void sync_to_disk(const std::filesystem::path& path);

}  // namespace tlb::common
