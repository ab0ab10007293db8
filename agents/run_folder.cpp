#include "agents/run_folder.h"

#include <stdexcept>

#include "agents/checkpoint.h"
#include "common/atomic_file.h"

namespace tlb::agents {

void create_run_folder(const std::filesystem::path& run_dir, const std::string& config_text) {
  if (std::filesystem::exists(run_dir / kLatestCheckpoint)) {
    throw std::invalid_argument("run folder '" + run_dir.string() +
                                "' already holds a run: resume it with --resume or choose "
                                "another --run-dir");
  }
  std::filesystem::create_directories(run_dir);
  common::write_file_atomically(run_dir / "config.ini", config_text);
}

}  // namespace tlb::agents
