#include "common/option_reader.h"

#include <optional>
#include <stdexcept>

#include "common/text.h"

namespace tlb::common {

OptionReader::OptionReader(std::string owner, std::map<std::string, std::string> values)
    : owner_(std::move(owner)), values_(std::move(values)) {}

const std::string* OptionReader::lookup(const std::string& key, const std::string& default_text,
                                        const std::string& help) {
  read_.insert(key);
  docs_.push_back({key, default_text, help});
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void OptionReader::fail(const std::string& key, const std::string& expected,
                        const std::string& found) const {
  throw std::invalid_argument(owner_ + "." + key + ": expected " + expected + ", found '" + found +
                              "'");
}

void OptionReader::fail_unknown(const std::string& key, const std::string& also_accepted) const {
  std::vector<std::string> accepted;
  for (const OptionDoc& doc : docs_) accepted.push_back(doc.key);
  if (!also_accepted.empty()) accepted.push_back(also_accepted);
  throw std::invalid_argument("unknown option " + owner_ + "." + key +
                              " (accepted: " + join(accepted, ", ") + ")");
}

int64_t OptionReader::read_int(const std::string& key, int64_t fallback, const std::string& help,
                               int64_t min, int64_t max) {
  const std::string* text = lookup(key, std::to_string(fallback), help);
  if (text == nullptr) return fallback;
  const auto value = parse_int(*text, min, max);
  if (!value) {
    const bool any =
        min == std::numeric_limits<int64_t>::min() && max == std::numeric_limits<int64_t>::max();
    fail(key,
         any ? "an integer"
             : "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
         *text);
  }
  return *value;
}

double OptionReader::get_double(const std::string& key, double fallback, const std::string& help) {
  const std::string* text = lookup(key, format_number(fallback), help);
  if (text == nullptr) return fallback;
  const auto value = parse_double(*text);
  if (!value) fail(key, "a number", *text);
  return *value;
}

bool OptionReader::get_bool(const std::string& key, bool fallback, const std::string& help) {
  const std::string* text = lookup(key, fallback ? "true" : "false", help);
  if (text == nullptr) return fallback;
  const auto value = parse_bool(*text);
  if (!value) fail(key, "true or false", *text);
  return *value;
}

Range OptionReader::get_range(const std::string& key, Range fallback, const std::string& help) {
  const std::string* text =
      lookup(key, format_number(fallback.low) + ".." + format_number(fallback.high), help);
  if (text == nullptr) return fallback;
  const size_t dots = text->find("..");
  const auto low = dots == std::string::npos ? std::nullopt : parse_double(text->substr(0, dots));
  const auto high = dots == std::string::npos ? std::nullopt : parse_double(text->substr(dots + 2));
  if (!low || !high || *low > *high) fail(key, "a range low..high with low <= high", *text);
  return {*low, *high};
}

std::string OptionReader::get_string(const std::string& key, const std::string& fallback,
                                     const std::string& help) {
  const std::string* text = lookup(key, fallback, help);
  return text == nullptr ? fallback : *text;
}

size_t OptionReader::read_choice(const std::string& key, size_t fallback,
                                 const std::vector<std::string>& names, const std::string& help) {
  const std::string* text = lookup(key, names.at(fallback), help + "; one of " + join(names, ", "));
  if (text == nullptr) return fallback;
  for (size_t i = 0; i < names.size(); ++i) {
    if (*text == names[i]) return i;
  }
  fail(key, "one of " + join(names, "|"), *text);
}

std::map<std::string, std::string> OptionReader::unread() const {
  std::map<std::string, std::string> left;
  for (const auto& [key, value] : values_) {
    if (read_.count(key) == 0) left.emplace(key, value);
  }
  return left;
}

void OptionReader::finish() const {
  const auto left = unread();
  if (!left.empty()) fail_unknown(left.begin()->first);
}

}  // namespace tlb::common
