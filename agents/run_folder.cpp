#include "agents/run_folder.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

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

namespace {

// "key = value" lines in order, as (key, value).
std::vector<std::pair<std::string, std::string>> config_lines(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find(" = ");
    if (eq != std::string::npos) lines.emplace_back(line.substr(0, eq), line.substr(eq + 3));
  }
  return lines;
}

}  // namespace

std::string read_folder_config(const std::filesystem::path& run_dir) {
  std::ifstream in(run_dir / "config.ini");
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_resume_folder(const std::filesystem::path& run_dir, const std::string& checkpoint_text,
                         const std::string& folder_text) {
  common::remove_stale_temporaries(run_dir);
  if (checkpoint_text == folder_text) return;
  const auto ours = config_lines(checkpoint_text), theirs = config_lines(folder_text);
  std::string difference = "their options differ";
  for (size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
    const std::string a = i < ours.size() ? ours[i].first + " = " + ours[i].second : "nothing";
    const std::string b =
        i < theirs.size() ? theirs[i].first + " = " + theirs[i].second : "nothing";
    if (a != b) {
      difference = "latest.pt has " + a + ", config.ini has " + b;
      break;
    }
  }
  throw std::invalid_argument("--resume " + run_dir.string() +
                              ": latest.pt belongs to another run (" + difference +
                              "); resume the folder it was written in");
}

}  // namespace tlb::agents
