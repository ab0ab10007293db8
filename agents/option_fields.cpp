#include "agents/option_fields.h"

#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "common/text.h"

namespace tlb::agents {
namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

std::string field_text(const OptionField& field) {
  struct Visitor {
    std::string operator()(std::string* v) const { return *v; }
    std::string operator()(uint64_t* v) const { return std::to_string(*v); }
    std::string operator()(int64_t* v) const { return std::to_string(*v); }
    std::string operator()(double* v) const { return common::format_number(*v); }
    std::string operator()(bool* v) const { return *v ? "true" : "false"; }
  };
  return std::visit(Visitor{}, field.value);
}

void set_field_text(const OptionField& field, const std::string& text) {
  const auto set = [&](auto* target, const auto& value, const char* expected) {
    if (!value) {
      throw std::invalid_argument("--" + common::dashed(field.name) + ": expected " + expected +
                                  ", found '" + text + "'");
    }
    *target = *value;
  };
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::string>) *target = text;
        if constexpr (std::is_same_v<T, uint64_t>)
          set(target, common::parse_uint(text), "an unsigned integer");
        if constexpr (std::is_same_v<T, int64_t>)
          set(target, common::parse_int(text), "an integer");
        if constexpr (std::is_same_v<T, double>)
          set(target, common::parse_double(text), "a number");
        if constexpr (std::is_same_v<T, bool>)
          set(target, common::parse_bool(text), "true or false");
      },
      field.value);
}

std::string fields_to_text(const std::vector<OptionField>& fields, const std::string& backbone,
                           const std::map<std::string, std::string>& backbone_options) {
  std::ostringstream out;
  for (const auto& field : fields) {
    out << common::dashed(field.name) << " = " << field_text(field) << "\n";
  }
  for (const auto& [key, value] : backbone_options) {
    out << backbone << "." << key << " = " << value << "\n";
  }
  return out.str();
}

void fields_from_text(
    const std::string& text, const std::vector<OptionField>& fields, const std::string& backbone,
    std::map<std::string, std::string>& backbone_options,
    const std::function<bool(const std::string& key, const std::string& value)>& other) {
  std::map<std::string, std::string> backbone_values;  // "<kind>.<key>" -> value
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw std::invalid_argument("options text: expected 'key = value', found '" + line + "'");
    }
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (key.find('.') != std::string::npos) {
      backbone_values[key] = value;
      continue;
    }
    bool found = false;
    for (const auto& field : fields) {
      if (common::dashed(field.name) == key) {
        set_field_text(field, value);
        found = true;
        break;
      }
    }
    if (!found && !(other && other(key, value))) {
      throw std::invalid_argument("options text: unknown option '" + key + "'");
    }
  }
  const std::string prefix = backbone + ".";
  for (const auto& [key, value] : backbone_values) {
    if (key.rfind(prefix, 0) != 0) {
      throw std::invalid_argument("options text: '" + key + "' is not an option of backbone '" +
                                  backbone + "'");
    }
    backbone_options[key.substr(prefix.size())] = value;
  }
}

}  // namespace tlb::agents
