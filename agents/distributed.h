// Data-parallel training on c10d, LibTorch's distributed package (the engine of
// torch.distributed): Gloo on CPU, NCCL when the LibTorch has CUDA and c10d's NCCL backend.
//
// Ranks meet at a TCPStore served by rank 0 at MASTER_ADDR:MASTER_PORT, the variables torchrun
// sets (or --dist.* options). Every collective and the rendezvous itself give up after
// DistOptions::timeout_s: a rank that died, hangs or cannot connect makes the others throw one
// std::runtime_error line ("distributed: ...") instead of waiting for ever.
//
// DataParallel holds the few hooks PPO calls (docs/distributed.md): parameters broadcast from
// rank 0, gradients averaged across ranks before clipping and the optimizer step, observation
// and return statistics merged after each rollout, each rank's own seeds. c10d's headers stay
// in distributed.cpp.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "envs/running_mean_std.h"

namespace tlb::agents {

class PolicyIo;

struct DistOptions {
  int64_t rank = -1;             // -1: $RANK, else 0
  int64_t world_size = -1;       // -1: $WORLD_SIZE, else 1
  std::string master_addr;       // empty: $MASTER_ADDR, else 127.0.0.1
  int64_t master_port = -1;      // -1: $MASTER_PORT, else 29500
  double timeout_s = 30;         // rendezvous and every collective
  std::string backend = "auto";  // gloo, nccl, or auto (nccl for a CUDA device when built in)
};

// `options` with every unset field taken from the environment (RANK, WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT) or its default. Throws std::invalid_argument naming the option or variable,
// what was expected and what was found.
DistOptions resolve_dist_options(DistOptions options);

// One process group (pimpl: c10d's types stay in the .cpp).
class Communicator {
 public:
  // Joins the group of `options` (resolved) for tensors on `device`. Throws
  // std::runtime_error ("distributed: ...") when the group does not form within the timeout.
  Communicator(const DistOptions& options, torch::Device device);
  ~Communicator();
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;

  int64_t rank() const;
  int64_t world_size() const;
  const std::string& backend() const;
  double timeout_s() const;

  // In place on every rank; throw std::runtime_error ("distributed: ...") when a peer is gone.
  void all_reduce_sum(torch::Tensor& tensor, const char* what);
  void broadcast(torch::Tensor& tensor, int64_t root, const char* what);
  // Seconds spent in collectives so far (waiting for slower ranks included).
  double collective_seconds() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Chan et al.'s parallel merge of two running mean/variance states (population variance, as
// envs::RunningMeanStd keeps), and its inverse: what was added to `before` to give `after`.
envs::RunningMeanStdState merge_running_stats(const envs::RunningMeanStdState& a,
                                              const envs::RunningMeanStdState& b);
envs::RunningMeanStdState running_stats_added(const envs::RunningMeanStdState& before,
                                              const envs::RunningMeanStdState& after);

// 64-bit FNV-1a of the bytes of `tensors` (on the CPU, in order): equal parameters, equal hash.
uint64_t tensors_fingerprint(const std::vector<torch::Tensor>& tensors);

class DataParallel {
 public:
  explicit DataParallel(std::unique_ptr<Communicator> communicator);
  ~DataParallel();

  int64_t rank() const { return rank_; }
  int64_t world_size() const { return world_size_; }
  // Rank 0 alone writes metrics, checkpoints and recordings.
  bool writes() const { return rank_ == 0; }
  Communicator& communicator() { return *communicator_; }

  // The seed of this rank's envs and random draws: `seed` itself on rank 0, a mix of it and
  // the rank elsewhere.
  uint64_t rank_seed(uint64_t seed) const;

  // Rank 0's values into `tensors` on every rank.
  void broadcast_from_rank0(const std::vector<torch::Tensor>& tensors);
  // Averages the gradients of `params` across ranks (one all-reduce of one flat buffer, with
  // the loss's finiteness and `approx_kl` riding along). Returns false, leaving the gradients
  // unspecified, when any rank's loss was non-finite; else `approx_kl` becomes the mean.
  bool average_gradients(const std::vector<torch::Tensor>& params, bool loss_finite,
                         double& approx_kl);
  // The statistics every rank shares now (call at the start, and after restoring them).
  void remember_statistics(const PolicyIo& io);
  // Merges what each rank's statistics learnt since the last merge into every rank's, in rank
  // order, so all ranks normalise alike (bit-identical statistics).
  void merge_statistics(PolicyIo& io);
  // Element-wise sums across ranks.
  std::vector<double> sum(const std::vector<double>& values);
  // Throws std::runtime_error when some rank's `params` differ from rank 0's in any bit.
  void check_identical(const std::vector<torch::Tensor>& params);
  // Throws std::runtime_error naming `what` and showing this rank's `text` when some rank's
  // `text` differs from rank 0's.
  void check_same_text(const std::string& text, const std::string& what);

 private:
  std::unique_ptr<Communicator> communicator_;
  int64_t rank_ = 0, world_size_ = 1;
  envs::RunningMeanStdState synced_obs_, synced_returns_;

  // Throws when some rank's fingerprint differs from rank 0's; `what` ends the message.
  void check_same_fingerprint(uint64_t fingerprint, const std::string& what);
};

}  // namespace tlb::agents
