#pragma once
// Small SVG charts for the HTML report: grouped bars and a labelled line, drawn as text so that
// the report needs no plotting library, no script and no network to open.
//
// Each chart is an <svg> element with a <title> (read by screen readers and by the report's
// tests), axes with a few round ticks, and a legend when there are several series. Values must
// be finite and >= 0 for bars (std::invalid_argument otherwise). Running time O(points).
//
// Example:
//   using namespace tokten::report;
//   std::string svg = bar_chart("Missions by sector", {"education", "health"},
//                               {{"missions", {770, 120}, kGreen}}, "missions");
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tokten::report {

inline constexpr std::string_view kGreen = "#2b7a4b";
inline constexpr std::string_view kGrey = "#b8b8b8";
inline constexpr std::string_view kOchre = "#c8902c";

struct Series {
  std::string name;
  std::vector<double> values;
  std::string_view color = kGreen;
};

/// Text for XML and HTML: & < > " ' escaped.
inline std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// A number for a label: integers without decimals, others with up to three significant ones.
inline std::string format_number(double v) {
  char buffer[32];
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
  else
    std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}

namespace detail {

// A "nice" axis top and step: 1, 2 or 5 times a power of ten, about five ticks.
inline std::pair<double, double> nice_axis(double max_value) {
  if (!(max_value > 0)) return {1.0, 0.2};
  const double raw = max_value / 5.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * power) {
      step = m * power;
      break;
    }
  return {std::ceil(max_value / step) * step, step};
}

inline std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

}  // namespace detail

/// Grouped vertical bars: one group per label, one bar per series.
inline std::string bar_chart(std::string_view title, const std::vector<std::string>& labels,
                             const std::vector<Series>& series, std::string_view y_label) {
  double top = 0;
  for (const Series& s : series) {
    if (s.values.size() != labels.size())
      throw std::invalid_argument("bar_chart: series '" + s.name + "' has " + std::to_string(s.values.size()) +
                                  " values for " + std::to_string(labels.size()) + " labels");
    for (const double v : s.values) {
      if (!std::isfinite(v) || v < 0) throw std::invalid_argument("bar_chart: values must be finite and >= 0");
      top = std::max(top, v);
    }
  }
  const auto [axis_top, step] = detail::nice_axis(top);
  // Room for the rotated labels on the right, and for the whole title.
  const double left = 60, right = 70, plot_top = 40, plot_height = 220, label_room = 90;
  const double group = std::max(44.0, 16.0 * static_cast<double>(series.size()) + 12.0);
  const double width = std::max(left + right + group * static_cast<double>(std::max<std::size_t>(labels.size(), 1)),
                                left + 8.0 * static_cast<double>(title.size()) + 20.0);
  const double height = plot_top + plot_height + label_room + (series.size() > 1 ? 20 : 0);
  const double base = plot_top + plot_height;
  const double plot_right = left + group * static_cast<double>(std::max<std::size_t>(labels.size(), 1));
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" width=\"" +
                    detail::num(width) + "\" height=\"" + detail::num(height) + "\" viewBox=\"0 0 " + detail::num(width) +
                    " " + detail::num(height) + "\"><title>" + escape_xml(title) + "</title>";
  svg += "<text x=\"" + detail::num(left) + "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" + escape_xml(title) +
         "</text>";
  for (double tick = 0; tick <= axis_top + step / 2; tick += step) {
    const double y = base - plot_height * tick / axis_top;
    svg += "<line x1=\"" + detail::num(left) + "\" x2=\"" + detail::num(plot_right) + "\" y1=\"" + detail::num(y) +
           "\" y2=\"" + detail::num(y) + "\" stroke=\"#e4e4e4\"/>";
    svg += "<text x=\"" + detail::num(left - 6) + "\" y=\"" + detail::num(y + 4) +
           "\" font-size=\"11\" text-anchor=\"end\">" + format_number(tick) + "</text>";
  }
  svg += "<text transform=\"translate(14," + detail::num(base - plot_height / 2) +
         ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(y_label) + "</text>";
  const double bar = (group - 10.0) / static_cast<double>(std::max<std::size_t>(series.size(), 1));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double x0 = left + group * static_cast<double>(i) + 5.0;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = series[s].values[i];
      const double h = plot_height * v / axis_top;
      svg += "<rect class=\"bar\" x=\"" + detail::num(x0 + bar * static_cast<double>(s)) + "\" y=\"" + detail::num(base - h) +
             "\" width=\"" + detail::num(bar - 1) + "\" height=\"" + detail::num(h) + "\" fill=\"" +
             std::string(series[s].color) + "\"><title>" + escape_xml(labels[i]) + ", " + escape_xml(series[s].name) +
             ": " + format_number(v) + "</title></rect>";
    }
    const double cx = x0 + (group - 10.0) / 2;
    svg += "<text transform=\"translate(" + detail::num(cx) + "," + detail::num(base + 12) +
           ") rotate(40)\" font-size=\"11\">" + escape_xml(labels[i]) + "</text>";
  }
  svg += "<line x1=\"" + detail::num(left) + "\" x2=\"" + detail::num(plot_right) + "\" y1=\"" + detail::num(base) +
         "\" y2=\"" + detail::num(base) + "\" stroke=\"#444\"/>";
  if (series.size() > 1) {
    double x = left;
    const double y = height - 10;
    for (const Series& s : series) {
      svg += "<rect x=\"" + detail::num(x) + "\" y=\"" + detail::num(y - 9) + "\" width=\"10\" height=\"10\" fill=\"" +
             std::string(s.color) + "\"/><text x=\"" + detail::num(x + 14) + "\" y=\"" + detail::num(y) +
             "\" font-size=\"11\">" + escape_xml(s.name) + "</text>";
      x += 24 + 7.0 * static_cast<double>(s.name.size());
    }
  }
  return svg + "</svg>";
}

/// Points (x_i, y_i) joined in order, each labelled; axes from the data's ranges.
inline std::string line_chart(std::string_view title, const std::vector<double>& xs, const std::vector<double>& ys,
                              const std::vector<std::string>& point_labels, std::string_view x_label,
                              std::string_view y_label) {
  if (xs.size() != ys.size() || point_labels.size() != xs.size())
    throw std::invalid_argument("line_chart: xs, ys and labels must have the same length");
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) throw std::invalid_argument("line_chart: values must be finite");
  const double left = 70, right = 30, top = 40, plot_w = 420, plot_h = 220;
  const double width = left + plot_w + right, height = top + plot_h + 50;
  double x_lo = xs.empty() ? 0 : *std::min_element(xs.begin(), xs.end());
  double x_hi = xs.empty() ? 1 : *std::max_element(xs.begin(), xs.end());
  double y_lo = ys.empty() ? 0 : *std::min_element(ys.begin(), ys.end());
  double y_hi = ys.empty() ? 1 : *std::max_element(ys.begin(), ys.end());
  if (x_hi - x_lo < 1e-12) x_lo -= 0.5, x_hi += 0.5;
  if (y_hi - y_lo < 1e-12) y_lo -= 0.5, y_hi += 0.5;
  auto px = [&](double x) { return left + plot_w * (x - x_lo) / (x_hi - x_lo); };
  auto py = [&](double y) { return top + plot_h - plot_h * (y - y_lo) / (y_hi - y_lo); };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" width=\"" +
                    detail::num(width) + "\" height=\"" + detail::num(height) + "\" viewBox=\"0 0 " + detail::num(width) +
                    " " + detail::num(height) + "\"><title>" + escape_xml(title) + "</title>";
  svg += "<text x=\"" + detail::num(left) + "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" + escape_xml(title) +
         "</text>";
  svg += "<rect x=\"" + detail::num(left) + "\" y=\"" + detail::num(top) + "\" width=\"" + detail::num(plot_w) +
         "\" height=\"" + detail::num(plot_h) + "\" fill=\"none\" stroke=\"#444\"/>";
  for (int k = 0; k <= 4; ++k) {
    const double xv = x_lo + (x_hi - x_lo) * k / 4, yv = y_lo + (y_hi - y_lo) * k / 4;
    svg += "<text x=\"" + detail::num(px(xv)) + "\" y=\"" + detail::num(top + plot_h + 16) +
           "\" font-size=\"11\" text-anchor=\"middle\">" + format_number(xv) + "</text>";
    svg += "<text x=\"" + detail::num(left - 6) + "\" y=\"" + detail::num(py(yv) + 4) +
           "\" font-size=\"11\" text-anchor=\"end\">" + format_number(yv) + "</text>";
  }
  std::string path;
  for (std::size_t i = 0; i < xs.size(); ++i)
    path += (i ? " L" : "M") + detail::num(px(xs[i])) + " " + detail::num(py(ys[i]));
  if (!path.empty())
    svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + std::string(kGreen) + "\" stroke-width=\"2\"/>";
  for (std::size_t i = 0; i < xs.size(); ++i)
    svg += "<circle class=\"point\" cx=\"" + detail::num(px(xs[i])) + "\" cy=\"" + detail::num(py(ys[i])) +
           "\" r=\"3.5\" fill=\"" + std::string(kGreen) + "\"><title>" + escape_xml(point_labels[i]) +
           "</title></circle><text x=\"" + detail::num(px(xs[i]) + 5) + "\" y=\"" + detail::num(py(ys[i]) - 5) +
           "\" font-size=\"10\">" + escape_xml(point_labels[i]) + "</text>";
  svg += "<text x=\"" + detail::num(left + plot_w / 2) + "\" y=\"" + detail::num(height - 8) +
         "\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(x_label) + "</text>";
  svg += "<text transform=\"translate(14," + detail::num(top + plot_h / 2) +
         ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(y_label) + "</text>";
  return svg + "</svg>";
}

}  // namespace tokten::report
