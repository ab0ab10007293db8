#include "agents/distributed.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "agents/policy_io.h"
#include "common/seed_mix.h"
#include "common/text.h"

// c10d from LibTorch 1.13 (Debian) and 2.x: the process groups derive from ProcessGroup in
// 1.13 and from Backend in 2.x; the calls used here are the same in both.
#if defined(USE_C10D_GLOO) && __has_include(<torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>) && \
    __has_include(<gloo/config.h>)
#define TLB_HAVE_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#if defined(TLB_HAVE_GLOO) || defined(USE_C10D_NCCL)
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#define TLB_HAVE_C10D 1
#endif

namespace tlb::agents {
namespace {

#ifdef TLB_HAVE_C10D
#if TORCH_VERSION_MAJOR >= 2
using C10dGroup = c10d::Backend;
#else
using C10dGroup = c10d::ProcessGroup;
#endif
#endif

std::string dist_env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

int64_t dist_int_from_env(const char* name, int64_t fallback, int64_t min, int64_t max) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  const auto parsed = common::parse_int(value, min, max);
  if (!parsed) {
    throw std::invalid_argument(std::string("$") + name + ": expected an integer in [" +
                                std::to_string(min) + ", " + std::to_string(max) + "], found '" +
                                value + "'");
  }
  return *parsed;
}

// The first line of an exception's text (c10d's errors carry long backtraces).
std::string dist_first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string dist_error_text(const std::exception& e) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) {
    return dist_first_line(c10_error->what_without_backtrace());
  }
  return dist_first_line(e.what());
}

}  // namespace

DistOptions resolve_dist_options(DistOptions o) {
  if (o.world_size < 0) o.world_size = dist_int_from_env("WORLD_SIZE", 1, 1, 1 << 20);
  if (o.rank < 0) o.rank = dist_int_from_env("RANK", 0, 0, 1 << 20);
  if (o.master_addr.empty()) o.master_addr = dist_env_or("MASTER_ADDR", "127.0.0.1");
  if (o.master_port < 0) o.master_port = dist_int_from_env("MASTER_PORT", 29500, 1, 65535);
  if (o.world_size < 1) {
    throw std::invalid_argument("dist.world-size: expected at least 1, found " +
                                std::to_string(o.world_size));
  }
  if (o.rank >= o.world_size) {
    throw std::invalid_argument("dist.rank: expected a rank in [0, " +
                                std::to_string(o.world_size - 1) + "], found " +
                                std::to_string(o.rank));
  }
  if (o.master_port < 1 || o.master_port > 65535) {
    throw std::invalid_argument("dist.master-port: expected a port in [1, 65535], found " +
                                std::to_string(o.master_port));
  }
  if (!(o.timeout_s > 0) || o.timeout_s > 86400) {
    throw std::invalid_argument("dist.timeout: expected seconds in (0, 86400], found " +
                                common::format_number(o.timeout_s));
  }
  if (o.backend != "auto" && o.backend != "gloo" && o.backend != "nccl") {
    throw std::invalid_argument("dist.backend: expected gloo, nccl or auto, found '" + o.backend +
                                "'");
  }
  return o;
}

struct Communicator::Impl {
  DistOptions options;
  std::string backend;
  torch::Device comm_device = torch::kCPU;  // where collectives run (CPU for Gloo)
  double seconds = 0;                       // in collectives
#ifdef TLB_HAVE_C10D
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<C10dGroup> group;
#endif

  // `t` itself when it is contiguous on the collectives' device, else a copy there.
  torch::Tensor on_comm_device(const torch::Tensor& t) const {
    if (t.device() == comm_device && t.is_contiguous()) return t;
    return t.to(comm_device).contiguous();
  }

  [[noreturn]] void fail(const std::string& what, const std::string& detail) const {
    throw std::runtime_error("distributed: rank " + std::to_string(options.rank) + " of " +
                             std::to_string(options.world_size) + ": " + what + " failed: " +
                             detail + " (a rank exited, hung or cannot be reached; timeout " +
                             common::format_number(options.timeout_s) + " s)");
  }
};

Communicator::Communicator(const DistOptions& options, torch::Device device)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  std::string backend = options.backend;
  if (backend == "auto") backend = device.is_cuda() ? "nccl" : "gloo";
#ifndef USE_C10D_NCCL
  if (backend == "nccl" && options.backend == "auto") backend = "gloo";
#endif
  impl_->backend = backend;
#ifdef TLB_HAVE_C10D
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(options.timeout_s * 1000));
  try {
    c10d::TCPStoreOptions store_options;
    store_options.port = static_cast<uint16_t>(options.master_port);
    store_options.isServer = options.rank == 0;
    store_options.numWorkers = static_cast<size_t>(options.world_size);
    store_options.waitWorkers = true;
    store_options.timeout = timeout;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(options.master_addr, store_options);
  } catch (const std::exception& e) {
    impl_->fail("meeting at " + options.master_addr + ":" + std::to_string(options.master_port),
                dist_error_text(e));
  }
  try {
    if (backend == "gloo") {
#ifdef TLB_HAVE_GLOO
      auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
      const std::string ifname = dist_env_or("GLOO_SOCKET_IFNAME", "");
      if (!ifname.empty()) {
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
      } else if (options.master_addr == "127.0.0.1" || options.master_addr == "localhost") {
        gloo_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
      } else {
        gloo_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      }
      impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(
          impl_->store, static_cast<int>(options.rank), static_cast<int>(options.world_size),
          gloo_options);
#else
      throw std::runtime_error("this LibTorch has no c10d Gloo backend");
#endif
    } else {
#ifdef USE_C10D_NCCL
      auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
      nccl_options->timeout = timeout;
      impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(
          impl_->store, static_cast<int>(options.rank), static_cast<int>(options.world_size),
          nccl_options);
      impl_->comm_device = device;
#else
      throw std::runtime_error("this LibTorch has no c10d NCCL backend (use --dist.backend gloo)");
#endif
    }
  } catch (const std::exception& e) {
    impl_->fail("forming the " + backend + " process group", dist_error_text(e));
  }
#else
  (void)device;
  throw std::runtime_error(
      "distributed: this build has no c10d backend (LibTorch without USE_C10D_GLOO or "
      "USE_C10D_NCCL, or without the Gloo headers)");
#endif
}

Communicator::~Communicator() = default;

int64_t Communicator::rank() const { return impl_->options.rank; }
int64_t Communicator::world_size() const { return impl_->options.world_size; }
const std::string& Communicator::backend() const { return impl_->backend; }
double Communicator::timeout_s() const { return impl_->options.timeout_s; }
double Communicator::collective_seconds() const { return impl_->seconds; }

namespace {

// Adds the scope's duration to `total`.
class CollectiveTimer {
 public:
  explicit CollectiveTimer(double& total) : total_(total) {}
  ~CollectiveTimer() {
    total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  double& total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

void Communicator::all_reduce_sum(torch::Tensor& tensor, const char* what) {
#ifdef TLB_HAVE_C10D
  CollectiveTimer timer(impl_->seconds);
  try {
    std::vector<torch::Tensor> tensors = {impl_->on_comm_device(tensor)};
    impl_->group->allreduce(tensors)->wait();
    if (!tensors[0].is_same(tensor)) tensor.copy_(tensors[0]);
  } catch (const std::exception& e) {
    impl_->fail(std::string("all-reduce of ") + what, dist_error_text(e));
  }
#else
  (void)tensor;
  (void)what;
#endif
}

void Communicator::broadcast(torch::Tensor& tensor, int64_t root, const char* what) {
#ifdef TLB_HAVE_C10D
  CollectiveTimer timer(impl_->seconds);
  try {
    std::vector<torch::Tensor> tensors = {impl_->on_comm_device(tensor)};
    c10d::BroadcastOptions options;
    options.rootRank = root;
    impl_->group->broadcast(tensors, options)->wait();
    if (!tensors[0].is_same(tensor)) tensor.copy_(tensors[0]);
  } catch (const std::exception& e) {
    impl_->fail(std::string("broadcast of ") + what, dist_error_text(e));
  }
#else
  (void)tensor;
  (void)root;
  (void)what;
#endif
}

envs::RunningMeanStdState merge_running_stats(const envs::RunningMeanStdState& a,
                                              const envs::RunningMeanStdState& b) {
  if (b.count <= 0) return a;
  envs::RunningMeanStdState out;
  const double total = a.count + b.count;
  out.count = total;
  out.mean.resize(a.mean.size());
  out.var.resize(a.var.size());
  for (size_t i = 0; i < a.mean.size(); ++i) {
    const double delta = b.mean[i] - a.mean[i];
    out.mean[i] = a.mean[i] + delta * b.count / total;
    const double m2 =
        a.var[i] * a.count + b.var[i] * b.count + delta * delta * a.count * b.count / total;
    out.var[i] = m2 / total;
  }
  return out;
}

envs::RunningMeanStdState running_stats_added(const envs::RunningMeanStdState& before,
                                              const envs::RunningMeanStdState& after) {
  envs::RunningMeanStdState added;
  added.count = after.count - before.count;
  added.mean.assign(after.mean.size(), 0.0);
  added.var.assign(after.var.size(), 0.0);
  if (added.count <= 0) {
    added.count = 0;
    return added;
  }
  for (size_t i = 0; i < after.mean.size(); ++i) {
    added.mean[i] = (after.count * after.mean[i] - before.count * before.mean[i]) / added.count;
    const double delta = added.mean[i] - before.mean[i];
    const double m2 = after.var[i] * after.count - before.var[i] * before.count -
                      delta * delta * before.count * added.count / after.count;
    added.var[i] = std::max(0.0, m2 / added.count);
  }
  return added;
}

uint64_t tensors_fingerprint(const std::vector<torch::Tensor>& tensors) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& t : tensors) {
    const auto cpu = t.detach().to(torch::kCPU).contiguous();
    const auto* bytes = static_cast<const unsigned char*>(cpu.data_ptr());
    const size_t n = static_cast<size_t>(cpu.numel()) * cpu.element_size();
    for (size_t i = 0; i < n; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
  }
  return hash;
}

DataParallel::DataParallel(std::unique_ptr<Communicator> communicator)
    : communicator_(std::move(communicator)),
      rank_(communicator_->rank()),
      world_size_(communicator_->world_size()) {}

DataParallel::~DataParallel() = default;

uint64_t DataParallel::rank_seed(uint64_t seed) const {
  return rank_ == 0 ? seed : common::mix_seed(seed ^ common::mix_seed(0x5eedULL + rank_));
}

void DataParallel::broadcast_from_rank0(const std::vector<torch::Tensor>& tensors) {
  torch::NoGradGuard no_grad;
  for (const auto& t : tensors) {
    auto buffer = t.detach();
    communicator_->broadcast(buffer, 0, "the parameters");
  }
}

bool DataParallel::average_gradients(const std::vector<torch::Tensor>& params, bool loss_finite,
                                     double& approx_kl) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (const auto& p : params) {
    parts.push_back(p.grad().defined()
                        ? p.grad().detach().flatten().to(torch::kFloat32)
                        : torch::zeros({p.numel()}, p.options().dtype(torch::kFloat32)));
  }
  // The tail: how many ranks' losses were non-finite, and the sum of approx_kl.
  parts.push_back(torch::tensor({loss_finite ? 0.0f : 1.0f, static_cast<float>(approx_kl)},
                                torch::TensorOptions().device(params.front().device())));
  auto flat = torch::cat(parts);
  communicator_->all_reduce_sum(flat, "the gradients");
  const auto tail = flat.slice(0, flat.numel() - 2).to(torch::kCPU);
  if (tail[0].item<float>() != 0.0f) return false;
  approx_kl = static_cast<double>(tail[1].item<float>()) / world_size_;
  flat.div_(static_cast<double>(world_size_));
  int64_t offset = 0;
  for (const auto& p : params) {
    auto averaged = flat.slice(0, offset, offset + p.numel()).view(p.sizes());
    offset += p.numel();
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    p.mutable_grad().copy_(averaged);
  }
  return true;
}

void DataParallel::remember_statistics(const PolicyIo& io) {
  synced_obs_ = io.observation_statistics();
  synced_returns_ = io.return_statistics();
}

void DataParallel::merge_statistics(PolicyIo& io) {
  // Each rank's additions since the last merge, gathered by summing zero-padded slots (adding
  // zeros is exact), then merged in rank order by every rank alike.
  const auto obs = running_stats_added(synced_obs_, io.observation_statistics());
  const auto ret = running_stats_added(synced_returns_, io.return_statistics());
  const int64_t obs_width = 1 + 2 * static_cast<int64_t>(obs.mean.size());
  const int64_t ret_width = 1 + 2 * static_cast<int64_t>(ret.mean.size());
  const int64_t width = obs_width + ret_width;
  auto slots = torch::zeros({world_size_, width}, torch::kFloat64);
  auto* mine = slots.data_ptr<double>() + rank_ * width;
  auto put = [](const envs::RunningMeanStdState& s, double* out) {
    out[0] = s.count;
    std::copy(s.mean.begin(), s.mean.end(), out + 1);
    std::copy(s.var.begin(), s.var.end(), out + 1 + s.mean.size());
  };
  put(obs, mine);
  put(ret, mine + obs_width);
  communicator_->all_reduce_sum(slots, "the normaliser statistics");
  auto take = [](const double* in, size_t size) {
    envs::RunningMeanStdState s;
    s.count = in[0];
    s.mean.assign(in + 1, in + 1 + size);
    s.var.assign(in + 1 + size, in + 1 + 2 * size);
    return s;
  };
  for (int64_t r = 0; r < world_size_; ++r) {
    const double* row = slots.data_ptr<double>() + r * width;
    synced_obs_ = merge_running_stats(synced_obs_, take(row, obs.mean.size()));
    synced_returns_ = merge_running_stats(synced_returns_, take(row + obs_width, ret.mean.size()));
  }
  io.set_statistics(synced_obs_, synced_returns_);
}

std::vector<double> DataParallel::sum(const std::vector<double>& values) {
  auto t = torch::tensor(values, torch::kFloat64);
  communicator_->all_reduce_sum(t, "the episode tallies");
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

void DataParallel::check_identical(const std::vector<torch::Tensor>& params) {
  check_same_fingerprint(tensors_fingerprint(params),
                         "parameters differ from rank 0's (the ranks diverged)");
}

void DataParallel::check_same_text(const std::string& text, const std::string& what) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  check_same_fingerprint(
      hash, what + " differ from rank 0's (rank " + std::to_string(rank_) + " has: " + text + ")");
}

void DataParallel::check_same_fingerprint(uint64_t fingerprint, const std::string& what) {
  // Each rank's fingerprint in its own slot, as two exact 32-bit halves.
  auto slots = torch::zeros({world_size_, 2}, torch::kFloat64);
  slots[rank_][0] = static_cast<double>(fingerprint >> 32);
  slots[rank_][1] = static_cast<double>(fingerprint & 0xffffffffULL);
  communicator_->all_reduce_sum(slots, "the fingerprints");
  for (int64_t r = 1; r < world_size_; ++r) {
    if (!torch::equal(slots[r], slots[0])) {
      throw std::runtime_error("distributed: rank " + std::to_string(r) + "'s " + what);
    }
  }
}

}  // namespace tlb::agents
