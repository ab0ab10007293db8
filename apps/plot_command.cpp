// `tlb plot --out FILE.svg [--title T] GROUP...`: learning curves of several runs on one plot.
// A GROUP is LABEL=RUN_DIR[,RUN_DIR...] (the seeds of one configuration, averaged, with their
// range shaded) or a bare RUN_DIR (its own group, labelled by its folder name).
#include <filesystem>
#include <iostream>
#include <sstream>

#include "agents/comparison_svg.h"
#include "apps/command.h"

namespace tlb::apps {
namespace {

agents::RunGroup parse_group(const std::string& text) {
  agents::RunGroup group;
  std::string dirs = text;
  const auto eq = text.find('=');
  if (eq != std::string::npos) {
    group.label = text.substr(0, eq);
    dirs = text.substr(eq + 1);
  }
  std::stringstream list(dirs);
  std::string dir;
  while (std::getline(list, dir, ',')) {
    if (!dir.empty()) group.run_dirs.emplace_back(dir);
  }
  if (group.run_dirs.empty() || (eq != std::string::npos && group.label.empty())) {
    throw UsageError("plot: expected LABEL=RUN_DIR[,RUN_DIR...] or RUN_DIR, found '" + text + "'");
  }
  if (group.label.empty()) group.label = group.run_dirs[0].filename().string();
  return group;
}

int run_plot(const std::vector<std::string>& args) {
  std::string out, title;
  int bins = 50;
  std::vector<std::string> groups;
  po::options_description options("tlb plot options");
  options.add_options()("out", po::value(&out)->required()->value_name("FILE.svg"),
                        "the SVG to write")(
      "title", po::value(&title)->default_value("episodic return"), "plot title")(
      "bins", int_flag<int>("bins", &bins, 1, 100000)->value_name("N"),
      "step bins along the x axis")(
      "group", po::value(&groups)->required()->value_name("LABEL=RUN_DIR[,RUN_DIR...]"),
      "runs to average under one label (repeatable; positional)");
  po::positional_options_description positional;
  positional.add("group", -1);
  po::variables_map values;
  if (!parse_command_options("plot", "--out FILE.svg LABEL=RUN_DIR[,RUN_DIR...] ...", options,
                             positional, args, values)) {
    return 0;
  }
  std::vector<agents::RunGroup> run_groups;
  for (const auto& text : groups) run_groups.push_back(parse_group(text));
  try {
    agents::write_comparison_svg(run_groups, out, title, bins);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::cout << "wrote " << out << "\n";
  return 0;
}

}  // namespace

Command make_plot_command() {
  return {"plot", "learning curves of several runs on one SVG (mean and range over seeds)",
          run_plot};
}

}  // namespace tlb::apps
