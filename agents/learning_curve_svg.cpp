#include "agents/learning_curve_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "agents/checkpoint.h"

namespace tlb::agents {
namespace {

constexpr double kWidth = 720, kHeight = 440;
constexpr double kLeft = 80, kRight = 20, kTop = 40, kBottom = 60;
constexpr size_t kWindow = 20;  // episodes in the moving average

// About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of 10).
std::vector<double> ticks(double lo, double hi, int count) {
  const double raw = (hi - lo) / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> out;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push_back(v);
  return out;
}

std::string label(double v) {
  char buffer[32];
  const double a = std::fabs(v);
  if (a >= 1e6) {
    std::snprintf(buffer, sizeof(buffer), "%gM", v / 1e6);
  } else if (a >= 1e4) {
    std::snprintf(buffer, sizeof(buffer), "%gk", v / 1e3);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%g", v);
  }
  return buffer;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

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
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << kWidth / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
      << escape(title) << "</text>\n";
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  if (xs.empty()) {
    svg << "<text x=\"" << kWidth / 2 << "\" y=\"" << kHeight / 2
        << "\" text-anchor=\"middle\">no episode finished</text>\n";
  } else {
    const double x_lo = 0, x_hi = std::max(1.0, *std::max_element(xs.begin(), xs.end()));
    double y_lo = *std::min_element(ys.begin(), ys.end());
    double y_hi = *std::max_element(ys.begin(), ys.end());
    if (y_hi - y_lo < 1e-9) {
      y_lo -= 1;
      y_hi += 1;
    }
    auto px = [&](double x) { return kLeft + (x - x_lo) / (x_hi - x_lo) * plot_w; };
    auto py = [&](double y) { return kTop + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h; };
    svg << "<g stroke=\"#ccc\">\n";
    for (double t : ticks(x_lo, x_hi, 6)) {
      svg << "<line x1=\"" << px(t) << "\" y1=\"" << kTop << "\" x2=\"" << px(t) << "\" y2=\""
          << kTop + plot_h << "\"/>\n";
    }
    for (double t : ticks(y_lo, y_hi, 6)) {
      svg << "<line x1=\"" << kLeft << "\" y1=\"" << py(t) << "\" x2=\"" << kLeft + plot_w
          << "\" y2=\"" << py(t) << "\"/>\n";
    }
    svg << "</g>\n<g>\n";
    for (double t : ticks(x_lo, x_hi, 6)) {
      svg << "<text x=\"" << px(t) << "\" y=\"" << kTop + plot_h + 18
          << "\" text-anchor=\"middle\">" << label(t) << "</text>\n";
    }
    for (double t : ticks(y_lo, y_hi, 6)) {
      svg << "<text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4 << "\" text-anchor=\"end\">"
          << label(t) << "</text>\n";
    }
    svg << "</g>\n<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << plot_w
        << "\" height=\"" << plot_h << "\" fill=\"none\" stroke=\"black\"/>\n"
        << "<text x=\"" << kLeft + plot_w / 2 << "\" y=\"" << kHeight - 16
        << "\" text-anchor=\"middle\">environment steps</text>\n"
        << "<text transform=\"translate(18," << kTop + plot_h / 2
        << ") rotate(-90)\" text-anchor=\"middle\">episodic return</text>\n"
        << "<g fill=\"#1f77b4\" fill-opacity=\"0.25\">\n";
    for (size_t i = 0; i < xs.size(); ++i) {
      svg << "<circle cx=\"" << px(xs[i]) << "\" cy=\"" << py(ys[i]) << "\" r=\"1.8\"/>\n";
    }
    svg << "</g>\n<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"";
    double sum = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
      sum += ys[i];
      if (i >= kWindow) sum -= ys[i - kWindow];
      const double mean = sum / std::min(i + 1, kWindow);
      svg << px(xs[i]) << "," << py(mean) << " ";
    }
    svg << "\"/>\n<text x=\"" << kLeft + plot_w - 4 << "\" y=\"" << kTop + 16
        << "\" text-anchor=\"end\" fill=\"#d62728\">mean of last " << kWindow
        << " episodes</text>\n";
  }
  svg << "</svg>\n";
  write_file_atomically(svg_path, svg.str());
}

}  // namespace tlb::agents
