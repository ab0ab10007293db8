#include "common/text.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tlb::common {

std::string dashed(std::string name) {
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return name;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string joined;
  for (const std::string& item : items) {
    if (&item != &items.front()) joined += separator;
    joined += item;
  }
  return joined;
}

std::optional<int64_t> parse_int(const std::string& text, int64_t min, int64_t max) {
  const size_t first_digit = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == first_digit) return std::nullopt;
  for (size_t i = first_digit; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  errno = 0;
  const long long value = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value < min || value > max) return std::nullopt;
  return value;
}

std::optional<uint64_t> parse_uint(const std::string& text, uint64_t max) {
  if (text.empty()) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value > max) return std::nullopt;
  return value;
}

std::optional<double> parse_double(const std::string& text) {
  // strtod skips leading white space; the whole text must be the number.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || std::isnan(value)) return std::nullopt;
  if (errno == ERANGE && std::isinf(value)) return std::nullopt;  // overflow; underflow is fine
  return value;
}

std::optional<bool> parse_bool(const std::string& text) {
  for (const char* yes : {"true", "1", "yes", "on", "True"}) {
    if (text == yes) return true;
  }
  for (const char* no : {"false", "0", "no", "off", "False"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

std::string format_number(double value) {
  char buffer[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace tlb::common
