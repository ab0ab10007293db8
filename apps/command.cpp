#include "apps/command.h"

#include <fstream>
#include <iostream>

namespace tlb::apps {

bool parse_command_options(const std::string& command, const std::string& usage,
                           const po::options_description& options,
                           const po::positional_options_description& positional,
                           const std::vector<std::string>& args, po::variables_map& values,
                           const po::options_description* hidden) {
  po::options_description common("Common options");
  common.add_options()("help,h", "print this help and exit")(
      "config", po::value<std::string>()->value_name("FILE"),
      "read options from an INI file (key = value; sections name option prefixes); the "
      "command line wins over the file");
  po::options_description shown;
  shown.add(options).add(common);
  po::options_description all;
  all.add(shown);
  if (hidden) all.add(*hidden);

  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help")) {
      std::cout << "Usage: tlb " << command << " " << usage << "\n\n" << shown << "\n";
      return false;
    }
    if (values.count("config")) {
      const std::string path = values["config"].as<std::string>();
      std::ifstream file(path);
      if (!file) throw UsageError("cannot read config file '" + path + "'");
      // store() never overwrites a value already present, so the command line wins.
      po::store(po::parse_config_file(file, all), values);
    }
    po::notify(values);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

}  // namespace tlb::apps
