// A plain SVG learning curve: episodic return against env steps, each episode as a faint
// point and a moving average (window 20 episodes) as a line, with ticked and labelled axes.
#pragma once

#include <filesystem>
#include <string>

namespace tlb::agents {

// Reads episodes.csv (global_step,episodic_return,episodic_length) and writes the plot to
// `svg_path` atomically. With no episodes the plot says so. Throws std::runtime_error on I/O
// errors.
void write_learning_curve_svg(const std::filesystem::path& episodes_csv,
                              const std::filesystem::path& svg_path, const std::string& title);

}  // namespace tlb::agents
