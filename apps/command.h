// A `tlb` subcommand, and the option parsing every subcommand shares.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <string>
#include <vector>

namespace tlb::apps {

namespace po = boost::program_options;

// A subcommand: `tlb <name> ...`.
struct Command {
  std::string name;
  std::string summary;  // one line for `tlb --help`
  // Runs with the arguments after the subcommand's name; returns the exit code.
  std::function<int(const std::vector<std::string>& args)> run;
};

// Every subcommand, in the order `tlb --help` lists them (apps/commands.cpp).
const std::vector<Command>& all_commands();

// Thrown for bad command-line input: apps/main.cpp prints it as one line and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` against `options` (plus --help and --config FILE, added here) into `values`.
// Values from the INI file named by --config fill only what the command line left unset.
// Returns false when --help was asked for (the help has been printed). Throws UsageError
// for an unknown option, a bad value or an unreadable config file. `hidden` options
// (positional arguments the usage line already names) are parsed but not listed.
bool parse_command_options(const std::string& command, const std::string& usage,
                           const po::options_description& options,
                           const po::positional_options_description& positional,
                           const std::vector<std::string>& args, po::variables_map& values,
                           const po::options_description* hidden = nullptr);

}  // namespace tlb::apps
