#include "common/local_launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace tlb::common {
namespace {

// The environment of one rank: ours, less the variables we set, plus them.
std::vector<std::string> rank_environment(int rank, int nproc, int port) {
  const std::vector<std::pair<std::string, std::string>> ours = {
      {"RANK", std::to_string(rank)},        {"LOCAL_RANK", std::to_string(rank)},
      {"WORLD_SIZE", std::to_string(nproc)}, {"LOCAL_WORLD_SIZE", std::to_string(nproc)},
      {"MASTER_ADDR", "127.0.0.1"},          {"MASTER_PORT", std::to_string(port)}};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : ours) replaced |= entry.rfind(name + "=", 0) == 0;
    if (!replaced) env.push_back(entry);
  }
  for (const auto& [name, value] : ours) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

int free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string error = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("choosing a free port of 127.0.0.1: " + error);
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string current_executable() { return std::filesystem::read_symlink("/proc/self/exe"); }

int launch_local_ranks(const std::string& program, const std::vector<std::string>& args,
                       const LocalLaunchOptions& options) {
  if (options.nproc < 1) {
    throw std::invalid_argument("nproc: expected at least 1, found " +
                                std::to_string(options.nproc));
  }
  const int port = options.master_port > 0 ? options.master_port : free_local_port();
  std::vector<pid_t> pids;
  auto stop_all = [&](int sig) {
    for (pid_t p : pids) {
      if (p > 0) ::kill(p, sig);
    }
  };
  for (int rank = 0; rank < options.nproc; ++rank) {
    // Everything exec needs is built before fork: the child only calls execve and _exit.
    std::vector<std::string> argv_strings = {program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings = rank_environment(rank, options.nproc, port);
    auto argv = pointers(argv_strings);
    auto envp = pointers(env_strings);
    const pid_t launcher = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
      // A rank outlives no launcher: SIGTERM when it goes, however it goes.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != launcher) _exit(128 + SIGTERM);
      ::execve(program.c_str(), argv.data(), envp.data());
      _exit(127);
    }
    if (pid < 0) {
      stop_all(SIGTERM);
      throw std::runtime_error("starting rank " + std::to_string(rank) +
                               ": fork: " + std::strerror(errno));
    }
    pids.push_back(pid);
  }

  int result = 0, running = options.nproc;
  using Clock = std::chrono::steady_clock;
  Clock::time_point failed_at{};
  bool terminated = false, killed = false;
  while (running > 0) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno != EINTR) break;
    if (pid > 0) {
      for (size_t rank = 0; rank < pids.size(); ++rank) {
        if (pids[rank] != pid) continue;
        pids[rank] = 0;
        --running;
        const int code = exit_code(status);
        if (code != 0 && !terminated) {
          std::cerr << "launcher: rank " << rank << " of " << options.nproc
                    << " exited with status " << code
                    << (running > 0 ? "; stopping the others" : "") << "\n";
          if (result == 0) {
            result = code;
            failed_at = Clock::now();
          }
        }
      }
      continue;
    }
    if (result != 0) {
      const double since = std::chrono::duration<double>(Clock::now() - failed_at).count();
      if (!terminated && since >= options.grace_s) {
        stop_all(SIGTERM);
        terminated = true;
      } else if (terminated && !killed && since >= options.grace_s + 5) {
        stop_all(SIGKILL);
        killed = true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return result;
}

}  // namespace tlb::common
