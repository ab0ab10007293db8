#include "agents/learning_curve_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "agents/svg_plot.h"
#include "common/atomic_file.h"

namespace tlb::agents {
namespace {

constexpr size_t kWindow = 20;  // episodes in the moving average

}  // namespace

void write_learning_curve_svg(const std::filesystem::path& episodes_csv,
                              const std::filesystem::path& svg_path, const std::string& title) {
  std::ifstream in(episodes_csv);
  if (!in) throw std::runtime_error("cannot read '" + episodes_csv.string() + "'");
  std::vector<double> xs, ys;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    double step = 0, ret = 0;
    if (std::sscanf(line.c_str(), "%lf,%lf", &step, &ret) == 2 && std::isfinite(ret)) {
      xs.push_back(step);
      ys.push_back(ret);
    }
  }
  if (xs.empty()) {
    SvgPlot plot(0, 1, 0, 1);
    plot.message(title, "no episode finished");
    common::write_file_atomically(svg_path, plot.end());
    return;
  }
  SvgPlot plot(0, *std::max_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
               *std::max_element(ys.begin(), ys.end()));
  plot.begin(title, "environment steps", "episodic return");
  auto& svg = plot.out();
  svg << "<g fill=\"#1f77b4\" fill-opacity=\"0.25\">\n";
  for (size_t i = 0; i < xs.size(); ++i) {
    svg << "<circle cx=\"" << plot.px(xs[i]) << "\" cy=\"" << plot.py(ys[i]) << "\" r=\"1.8\"/>\n";
  }
  svg << "</g>\n<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"";
  double sum = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    sum += ys[i];
    if (i >= kWindow) sum -= ys[i - kWindow];
    const double mean = sum / std::min(i + 1, kWindow);
    svg << plot.px(xs[i]) << "," << plot.py(mean) << " ";
  }
  svg << "\"/>\n<text x=\"" << plot.right() - 4 << "\" y=\"" << plot.top() + 16
      << "\" text-anchor=\"end\" fill=\"#d62728\">mean of last " << kWindow << " episodes</text>\n";
  common::write_file_atomically(svg_path, plot.end());
}

}  // namespace tlb::agents
