#include "envs/option_map.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace tlb::envs {
namespace {

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno == 0 && !std::isnan(out);
}

}  // namespace

std::string format_option_number(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

OptionMap::OptionMap(std::string owner, std::map<std::string, std::string> values)
    : owner_(std::move(owner)), values_(std::move(values)) {}

const std::string* OptionMap::lookup(const std::string& key, const std::string& default_text,
                                     const std::string& help) {
  read_.insert(key);
  docs_.push_back({key, default_text, help});
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void OptionMap::fail(const std::string& key, const std::string& expected,
                     const std::string& found) const {
  throw std::invalid_argument(owner_ + ": option " + key + " expects " + expected + ", found '" +
                              found + "'");
}

double OptionMap::get_double(const std::string& key, double fallback, const std::string& help) {
  const std::string* text = lookup(key, format_option_number(fallback), help);
  if (text == nullptr) return fallback;
  double value = 0.0;
  if (!parse_double(*text, value)) fail(key, "a number", *text);
  return value;
}

int64_t OptionMap::get_int(const std::string& key, int64_t fallback, const std::string& help) {
  const std::string* text = lookup(key, std::to_string(fallback), help);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || end != text->c_str() + text->size() || errno != 0) {
    fail(key, "an integer", *text);
  }
  return value;
}

bool OptionMap::get_bool(const std::string& key, bool fallback, const std::string& help) {
  const std::string* text = lookup(key, fallback ? "true" : "false", help);
  if (text == nullptr) return fallback;
  if (*text == "true" || *text == "1" || *text == "True") return true;
  if (*text == "false" || *text == "0" || *text == "False") return false;
  fail(key, "true or false", *text);
}

Range OptionMap::get_range(const std::string& key, Range fallback, const std::string& help) {
  const std::string* text = lookup(
      key, format_option_number(fallback.low) + ".." + format_option_number(fallback.high), help);
  if (text == nullptr) return fallback;
  const size_t dots = text->find("..");
  Range range;
  if (dots == std::string::npos || !parse_double(text->substr(0, dots), range.low) ||
      !parse_double(text->substr(dots + 2), range.high) || range.low > range.high) {
    fail(key, "a range low..high with low <= high", *text);
  }
  return range;
}

std::string OptionMap::get_string(const std::string& key, const std::string& fallback,
                                  const std::string& help) {
  const std::string* text = lookup(key, fallback, help);
  return text == nullptr ? fallback : *text;
}

std::map<std::string, std::string> OptionMap::unread() const {
  std::map<std::string, std::string> left;
  for (const auto& [key, value] : values_) {
    if (read_.count(key) == 0) left.emplace(key, value);
  }
  return left;
}

std::string OptionMap::accepted_keys() const {
  std::string keys;
  for (const OptionDoc& doc : docs_) keys += (keys.empty() ? "" : ", ") + doc.key;
  return keys;
}

void OptionMap::finish() const {
  const auto left = unread();
  if (left.empty()) return;
  throw std::invalid_argument(owner_ + ": unknown option '" + left.begin()->first +
                              "'; accepted: " + accepted_keys());
}

}  // namespace tlb::envs
