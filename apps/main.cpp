// The `tlb` command: dispatches to a subcommand, and turns every error into one line on
// stderr with a non-zero exit code (2 for bad usage, 1 for everything else).
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "apps/command.h"
#include "apps/version.h"

namespace {

void print_usage(std::ostream& out) {
  out << "Usage: tlb <command> [options]    (tlb <command> --help for its options)\n\n"
      << "Commands:\n";
  for (const auto& command : tlb::apps::all_commands()) {
    out << "  " << command.name
        << std::string(command.name.size() < 10 ? 10 - command.name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nOptions:\n  -h, --help     print this help\n  --version      print versions of tlb and "
         "its libraries\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (first == "--version") {
    tlb::apps::print_versions(std::cout);
    return 0;
  }
  for (const auto& command : tlb::apps::all_commands()) {
    if (command.name != first) continue;
    try {
      return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const tlb::apps::UsageError& e) {
      std::cerr << "tlb " << command.name << ": " << e.what() << "\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "tlb " << command.name << ": error: " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "tlb: unknown command '" << first << "' (expected one of:";
  for (const auto& command : tlb::apps::all_commands()) std::cerr << " " << command.name;
  std::cerr << "; see tlb --help)\n";
  return 2;
}
