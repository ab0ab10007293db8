// A training run's folder (PPO or BC): made once, never over another run.
#pragma once

#include <filesystem>
#include <string>

namespace tlb::agents {

// Creates `run_dir` with its config.ini (`config_text`, written atomically). Throws
// std::invalid_argument, naming --resume and --run-dir, when the folder already holds a run.
void create_run_folder(const std::filesystem::path& run_dir, const std::string& config_text);

}  // namespace tlb::agents
