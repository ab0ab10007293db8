// A `tlb` subcommand, and the option parsing every subcommand shares.
#pragma once

#include <boost/program_options.hpp>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <type_traits>
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
// for an unknown option, a bad value or an unreadable config file (or a folder). `hidden`
// options (positional arguments the usage line already names) are parsed but not listed.
bool parse_command_options(const std::string& command, const std::string& usage,
                           const po::options_description& options,
                           const po::positional_options_description& positional,
                           const std::vector<std::string>& args, po::variables_map& values,
                           const po::options_description* hidden = nullptr);

// The most episodes one `tlb record`, `tlb eval` or `tlb envs --random` runs: a bound that
// stops a typo (or a negative count) from running until the disk fills.
inline constexpr int64_t kMaxEpisodes = 1000000;

// `text`, the value of --<flag>, as an integer in [min, max] (common/text.h's strict syntax:
// digits with an optional '-', no spaces, no wrap-around); anything else throws UsageError
// "--<flag>: expected an integer in [min, max], found '<text>'".
int64_t read_int_flag(const std::string& flag, const std::string& text, int64_t min, int64_t max);
// The same for an unsigned value in [min, max] (no sign at all).
uint64_t read_uint_flag(const std::string& flag, const std::string& text, uint64_t min,
                        uint64_t max);

// The value of an integer flag --<flag>: read as text and checked by read_int_flag (or
// read_uint_flag) into *target when the options are notified; its default is *target. Boost's
// own integer parsing would read "-1" into an unsigned as its largest value.
template <typename Int>
po::typed_value<std::string>* int_flag(const std::string& flag, Int* target, Int min, Int max) {
  static_assert(std::is_integral_v<Int>, "an integer type");
  return po::value<std::string>()
      ->default_value(std::to_string(*target))
      ->notifier([flag, target, min, max](const std::string& text) {
        if constexpr (std::is_signed_v<Int>) {
          *target = static_cast<Int>(read_int_flag(flag, text, min, max));
        } else {
          *target = static_cast<Int>(read_uint_flag(flag, text, min, max));
        }
      });
}

// Runs `make` and returns what it returns, with its std::invalid_argument (bad input given on
// the command line: a task id, an option) rethrown as UsageError, so it exits 2.
template <typename Make>
auto usage_checked(Make&& make) -> decltype(make()) {
  try {
    return make();
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

}  // namespace tlb::apps
