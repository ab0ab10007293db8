// A training run's folder (PPO or BC): made once, never over another run.
#pragma once

#include <filesystem>
#include <string>

namespace tlb::agents {

// Creates `run_dir` with its config.ini (`config_text`, written atomically). Throws
// std::invalid_argument, naming --resume and --run-dir, when the folder already holds a run.
void create_run_folder(const std::filesystem::path& run_dir, const std::string& config_text);

// Before a resume of `run_dir`: removes the temporaries a killed run left (see
// common::remove_stale_temporaries), and throws std::invalid_argument when
// `checkpoint_text`, the configuration latest.pt holds, disagrees with the folder's
// config.ini (`folder_text`): that latest.pt belongs to another run. The caller passes both
// texts with what a resume may change made equal; the message names the first option that
// differs.
void check_resume_folder(const std::filesystem::path& run_dir, const std::string& checkpoint_text,
                         const std::string& folder_text);

// The text of `run_dir`'s config.ini, or "" when it has none.
std::string read_folder_config(const std::filesystem::path& run_dir);

}  // namespace tlb::agents
