#include "agents/comparison_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "agents/svg_plot.h"
#include "common/atomic_file.h"

namespace tlb::agents {
namespace {

// Tableau's ten colours: distinguishable, and readable by most colour-blind readers.
constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

struct Episode {
  double step, episode_return;
};

std::vector<Episode> read_episodes(const std::filesystem::path& run_dir) {
  const auto path = run_dir / "episodes.csv";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read '" + path.string() + "' (is it a run folder?)");
  std::vector<Episode> episodes;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    Episode e{};
    if (std::sscanf(line.c_str(), "%lf,%lf", &e.step, &e.episode_return) == 2 &&
        std::isfinite(e.episode_return)) {
      episodes.push_back(e);
    }
  }
  return episodes;
}

// Mean return per bin of width `width`, carried forward over empty bins up to the bin of the
// run's last episode; NaN before the first episode and after the last (a shorter run stops
// there instead of drawing its last value flat to the end).
std::vector<double> binned(const std::vector<Episode>& episodes, int bins, double width) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> sum(bins, 0.0), count(bins, 0.0), out(bins, nan);
  int last_bin = -1;
  for (const auto& e : episodes) {
    const int b = std::clamp(static_cast<int>(std::ceil(e.step / width)) - 1, 0, bins - 1);
    sum[b] += e.episode_return;
    count[b] += 1;
    last_bin = std::max(last_bin, b);
  }
  double last = nan;
  for (int b = 0; b <= last_bin; ++b) {
    if (count[b] > 0) last = sum[b] / count[b];
    out[b] = last;
  }
  return out;
}

struct Band {
  std::vector<double> mean, lo, hi;  // NaN where no run has a value yet
};

// Per bin, the mean and range over the runs that have a value there (that have reached it).
Band summarise(const std::vector<std::vector<double>>& runs, int bins) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Band band{std::vector<double>(bins, nan), std::vector<double>(bins, nan),
            std::vector<double>(bins, nan)};
  for (int b = 0; b < bins; ++b) {
    double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
    int n = 0;
    for (const auto& run : runs) {
      if (std::isnan(run[b])) continue;
      sum += run[b];
      lo = std::min(lo, run[b]);
      hi = std::max(hi, run[b]);
      ++n;
    }
    if (n == 0) continue;
    band.mean[b] = sum / n;
    band.lo[b] = lo;
    band.hi[b] = hi;
  }
  return band;
}

}  // namespace

void write_comparison_svg(const std::vector<RunGroup>& groups,
                          const std::filesystem::path& svg_path, const std::string& title,
                          int bins) {
  if (groups.empty()) throw std::invalid_argument("comparison plot: expected a group, found none");
  if (bins < 1) throw std::invalid_argument("comparison plot: expected bins >= 1");
  std::vector<std::vector<std::vector<Episode>>> episodes;  // [group][run]
  double x_max = 0;
  for (const auto& group : groups) {
    if (group.run_dirs.empty()) {
      throw std::invalid_argument("comparison plot: group '" + group.label + "' has no runs");
    }
    auto& runs = episodes.emplace_back();
    for (const auto& dir : group.run_dirs) {
      runs.push_back(read_episodes(dir));
      if (!runs.back().empty()) x_max = std::max(x_max, runs.back().back().step);
    }
  }
  const double width = std::max(x_max, 1.0) / bins;
  std::vector<Band> bands;
  double y_lo = std::numeric_limits<double>::infinity(), y_hi = -y_lo;
  for (const auto& runs : episodes) {
    std::vector<std::vector<double>> values;
    for (const auto& run : runs) values.push_back(binned(run, bins, width));
    bands.push_back(summarise(values, bins));
    for (int b = 0; b < bins; ++b) {
      if (std::isnan(bands.back().mean[b])) continue;
      y_lo = std::min(y_lo, bands.back().lo[b]);
      y_hi = std::max(y_hi, bands.back().hi[b]);
    }
  }
  if (!std::isfinite(y_lo)) {
    SvgPlot plot(0, 1, 0, 1);
    plot.message(title, "no episode finished");
    common::write_file_atomically(svg_path, plot.end());
    return;
  }
  SvgPlot plot(0, x_max, y_lo, y_hi);
  plot.begin(title, "environment steps", "episodic return (mean over runs, band: min to max)");
  auto& svg = plot.out();
  const auto x_of = [&](int b) { return plot.px((b + 1) * width); };
  for (size_t g = 0; g < groups.size(); ++g) {
    const char* color = kColors[g % (sizeof(kColors) / sizeof(kColors[0]))];
    const Band& band = bands[g];
    svg << "<polygon fill=\"" << color << "\" fill-opacity=\"0.15\" stroke=\"none\" points=\"";
    for (int b = 0; b < bins; ++b) {
      if (!std::isnan(band.hi[b])) svg << x_of(b) << "," << plot.py(band.hi[b]) << " ";
    }
    for (int b = bins - 1; b >= 0; --b) {
      if (!std::isnan(band.lo[b])) svg << x_of(b) << "," << plot.py(band.lo[b]) << " ";
    }
    svg << "\"/>\n<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"2\" points=\"";
    for (int b = 0; b < bins; ++b) {
      if (!std::isnan(band.mean[b])) svg << x_of(b) << "," << plot.py(band.mean[b]) << " ";
    }
    svg << "\"/>\n<text x=\"" << plot.px(0) + 8 << "\" y=\"" << plot.top() + 16 + 16 * g
        << "\" fill=\"" << color << "\">" << svg_escape(groups[g].label) << " ("
        << groups[g].run_dirs.size() << (groups[g].run_dirs.size() == 1 ? " run" : " runs")
        << ")</text>\n";
  }
  common::write_file_atomically(svg_path, plot.end());
}

}  // namespace tlb::agents
