#include "tlb/option_reader.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace tlb {
namespace {

std::string format_double(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

OptionReader::OptionReader(std::string kind, std::map<std::string, std::string> values)
    : kind_(std::move(kind)), values_(std::move(values)) {}

const std::string* OptionReader::lookup(const std::string& key, const std::string& default_text,
                                        const std::string& help) {
  docs_.push_back({key, default_text, help});
  read_.insert(key);
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void OptionReader::fail(const std::string& key, const std::string& expected,
                        const std::string& found) const {
  throw std::invalid_argument(kind_ + "." + key + ": expected " + expected + ", found '" + found +
                              "'");
}

int64_t OptionReader::get_int(const std::string& key, int64_t fallback, const std::string& help) {
  const std::string* text = lookup(key, std::to_string(fallback), help);
  if (!text) return fallback;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno != 0) fail(key, "an integer", *text);
  return v;
}

double OptionReader::get_double(const std::string& key, double fallback, const std::string& help) {
  const std::string* text = lookup(key, format_double(fallback), help);
  if (!text) return fallback;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || errno != 0) fail(key, "a number", *text);
  return v;
}

bool OptionReader::get_bool(const std::string& key, bool fallback, const std::string& help) {
  const std::string* text = lookup(key, fallback ? "true" : "false", help);
  if (!text) return fallback;
  if (*text == "true" || *text == "1" || *text == "yes" || *text == "on") return true;
  if (*text == "false" || *text == "0" || *text == "no" || *text == "off") return false;
  fail(key, "true or false", *text);
}

std::string OptionReader::get_choice(const std::string& key, const std::string& fallback,
                                     const std::vector<std::string>& choices,
                                     const std::string& help) {
  std::string listed;
  for (const auto& c : choices) listed += (listed.empty() ? "" : "|") + c;
  const std::string* text = lookup(key, fallback, help + " (" + listed + ")");
  if (!text) return fallback;
  for (const auto& c : choices) {
    if (*text == c) return c;
  }
  fail(key, "one of " + listed, *text);
}

void OptionReader::finish() const {
  for (const auto& [key, value] : values_) {
    if (read_.count(key)) continue;
    std::string accepted;
    for (const auto& doc : docs_) accepted += (accepted.empty() ? "" : ", ") + doc.key;
    throw std::invalid_argument("unknown option " + kind_ + "." + key + " (the " + kind_ +
                                " backbone accepts: " + accepted + ")");
  }
}

}  // namespace tlb
