// Several runs on one plot, to compare backbones or settings: per labelled group of runs
// (say, the seeds of one backbone), the mean over its runs of each run's episodic return
// binned by env steps, as a line, with the range over the runs as a shaded band.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tlb::agents {

struct RunGroup {
  std::string label;                            // legend text
  std::vector<std::filesystem::path> run_dirs;  // each holds an episodes.csv
};

// Writes the plot to `svg_path` atomically, with `bins` equal step bins from 0 to the
// furthest step any run reached. A run's value in a bin is the mean return of its episodes
// that ended there (the previous bin's when none did); a run has none past the bin of its last
// episode, so a group's line averages, in each bin, only the runs that reached it, and a
// shorter run's line stops where the run ended. Throws std::runtime_error naming a
// run folder without a readable episodes.csv, std::invalid_argument for no groups or an
// empty group.
void write_comparison_svg(const std::vector<RunGroup>& groups,
                          const std::filesystem::path& svg_path, const std::string& title,
                          int bins = 50);

}  // namespace tlb::agents
