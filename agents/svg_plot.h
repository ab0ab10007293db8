// The frame every plot of a run shares: an SVG canvas with a title, a grid with round tick
// values, labelled axes, and the mapping from data to pixels. Callers draw their marks
// between begin() and end().
#pragma once

#include <sstream>
#include <string>

namespace tlb::agents {

class SvgPlot {
 public:
  // Data ranges; an empty y range is widened so the plot never divides by zero.
  SvgPlot(double x_lo, double x_hi, double y_lo, double y_hi);

  // Writes the canvas, title, grid, ticks and axis labels.
  void begin(const std::string& title, const std::string& x_label, const std::string& y_label);
  // A centred message instead of a plot (nothing to draw).
  void message(const std::string& title, const std::string& text);
  std::string end();  // the finished document

  double px(double x) const;  // data -> pixel
  double py(double y) const;
  double right() const;  // pixel edges of the plotting area
  double top() const;
  std::ostringstream& out() { return svg_; }

 private:
  double x_lo_, x_hi_, y_lo_, y_hi_;
  std::ostringstream svg_;
};

// `text` with the characters SVG reserves escaped.
std::string svg_escape(const std::string& text);

}  // namespace tlb::agents
