#include "apps/run_flags.h"

#include "common/text.h"
#include "tlb/backbone_factory.h"

namespace tlb::apps {

void add_field_flags(po::options_description& into,
                     const std::vector<agents::OptionField>& fields) {
  for (const auto& field : fields) {
    auto* value = po::value<std::string>()->default_value(agents::field_text(field));
    if (std::holds_alternative<bool*>(field.value)) value->implicit_value("true");
    into.add_options()(common::dashed(field.name).c_str(), value, field.help.c_str());
  }
}

void set_fields(const po::variables_map& values, const std::vector<agents::OptionField>& fields) {
  for (const auto& field : fields) {
    agents::set_field_text(field, values[common::dashed(field.name)].as<std::string>());
  }
}

std::map<std::string, std::string> explicit_fields(const po::variables_map& values,
                                                   const std::vector<agents::OptionField>& fields) {
  std::map<std::string, std::string> given;
  for (const auto& field : fields) {
    const auto& value = values[common::dashed(field.name)];
    if (!value.defaulted()) given[field.name] = value.as<std::string>();
  }
  return given;
}

po::options_description backbone_flags() {
  po::options_description flags("Backbone options (--<kind>.<key>; defaults from tlb/)");
  flags.add_options()("backbone-opt",
                      po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
                      "an option of the chosen backbone (repeatable)");
  for (const auto& kind : backbone_kinds()) {
    for (const auto& doc : backbone_options(kind)) {
      const std::string help = doc.help + " (default " + doc.default_text + ")";
      flags.add_options()((kind + "." + doc.key).c_str(), po::value<std::string>(), help.c_str());
    }
  }
  return flags;
}

std::map<std::string, std::string> read_backbone_flags(const po::variables_map& values,
                                                       const std::string& backbone) {
  std::map<std::string, std::string> options;
  for (const auto& kind : backbone_kinds()) {
    for (const auto& doc : backbone_options(kind)) {
      const std::string flag = kind + "." + doc.key;
      if (!values.count(flag)) continue;
      if (kind != backbone) {
        throw UsageError("--" + flag + " is an option of backbone '" + kind +
                         "', but --backbone is '" + backbone + "'");
      }
      options[doc.key] = values[flag].as<std::string>();
    }
  }
  if (values.count("backbone-opt")) {
    for (const auto& item : values["backbone-opt"].as<std::vector<std::string>>()) {
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError("--backbone-opt: expected key=value, found '" + item + "'");
      }
      options[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  return options;
}

void refuse_backbone_flags(const po::variables_map& values) {
  if (values.count("backbone-opt")) {
    throw UsageError("--backbone-opt: backbone options cannot change when resuming");
  }
  for (const auto& kind : backbone_kinds()) {
    for (const auto& doc : backbone_options(kind)) {
      if (values.count(kind + "." + doc.key)) {
        throw UsageError("--" + kind + "." + doc.key +
                         ": backbone options cannot change when resuming");
      }
    }
  }
}

}  // namespace tlb::apps
