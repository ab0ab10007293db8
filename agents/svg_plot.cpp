#include "agents/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace tlb::agents {
namespace {

constexpr double kWidth = 720, kHeight = 440;
constexpr double kLeft = 80, kRight = 20, kTop = 40, kBottom = 60;
constexpr double kPlotWidth = kWidth - kLeft - kRight, kPlotHeight = kHeight - kTop - kBottom;

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
  // Multiples of the step, computed afresh each time so no rounding accumulates (no "-0").
  for (double k = std::ceil(lo / step); k * step <= hi + 1e-9 * step; k += 1) {
    out.push_back(k == 0 ? 0.0 : k * step);
  }
  return out;
}

std::string tick_label(double v) {
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

}  // namespace

std::string svg_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
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

SvgPlot::SvgPlot(double x_lo, double x_hi, double y_lo, double y_hi)
    : x_lo_(x_lo), x_hi_(std::max(x_hi, x_lo + 1)), y_lo_(y_lo), y_hi_(y_hi) {
  if (y_hi_ - y_lo_ < 1e-9) {
    y_lo_ -= 1;
    y_hi_ += 1;
  }
  svg_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\""
       << kHeight << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
       << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

double SvgPlot::px(double x) const { return kLeft + (x - x_lo_) / (x_hi_ - x_lo_) * kPlotWidth; }
double SvgPlot::py(double y) const {
  return kTop + kPlotHeight - (y - y_lo_) / (y_hi_ - y_lo_) * kPlotHeight;
}
double SvgPlot::right() const { return kLeft + kPlotWidth; }
double SvgPlot::top() const { return kTop; }

void SvgPlot::message(const std::string& title, const std::string& text) {
  svg_ << "<text x=\"" << kWidth / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
       << svg_escape(title) << "</text>\n"
       << "<text x=\"" << kWidth / 2 << "\" y=\"" << kHeight / 2 << "\" text-anchor=\"middle\">"
       << svg_escape(text) << "</text>\n";
}

void SvgPlot::begin(const std::string& title, const std::string& x_label,
                    const std::string& y_label) {
  svg_ << "<text x=\"" << kWidth / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
       << svg_escape(title) << "</text>\n<g stroke=\"#ccc\">\n";
  const auto x_ticks = ticks(x_lo_, x_hi_, 6), y_ticks = ticks(y_lo_, y_hi_, 6);
  for (double t : x_ticks) {
    svg_ << "<line x1=\"" << px(t) << "\" y1=\"" << kTop << "\" x2=\"" << px(t) << "\" y2=\""
         << kTop + kPlotHeight << "\"/>\n";
  }
  for (double t : y_ticks) {
    svg_ << "<line x1=\"" << kLeft << "\" y1=\"" << py(t) << "\" x2=\"" << right() << "\" y2=\""
         << py(t) << "\"/>\n";
  }
  svg_ << "</g>\n<g>\n";
  for (double t : x_ticks) {
    svg_ << "<text x=\"" << px(t) << "\" y=\"" << kTop + kPlotHeight + 18
         << "\" text-anchor=\"middle\">" << tick_label(t) << "</text>\n";
  }
  for (double t : y_ticks) {
    svg_ << "<text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4 << "\" text-anchor=\"end\">"
         << tick_label(t) << "</text>\n";
  }
  svg_ << "</g>\n<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << kPlotWidth
       << "\" height=\"" << kPlotHeight << "\" fill=\"none\" stroke=\"black\"/>\n"
       << "<text x=\"" << kLeft + kPlotWidth / 2 << "\" y=\"" << kHeight - 16
       << "\" text-anchor=\"middle\">" << svg_escape(x_label) << "</text>\n"
       << "<text transform=\"translate(18," << kTop + kPlotHeight / 2
       << ") rotate(-90)\" text-anchor=\"middle\">" << svg_escape(y_label) << "</text>\n";
}

std::string SvgPlot::end() {
  svg_ << "</svg>\n";
  return svg_.str();
}

}  // namespace tlb::agents
