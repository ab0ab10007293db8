// Backbone benchmark: forward+backward tokens/s over long sequences, per-step latency of the
// step path deep into an episode, and the TLB's Python reference on the same weights.
// Prints one JSON object; docs/tlb.md records the figures with the command and machine.
//
// Usage: tlb_bench [--quick] [--threads N] [--tokens B*T] [--no-python] [--reference PATH]
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/option_reader.h"
#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"
#include "tlb/temporal_latent_bottleneck.h"
#include "tlb/weights_export.h"

namespace {

using Options = std::map<std::string, std::string>;
constexpr int64_t kInput = 32;  // observation-sized tokens
// B * T per timed pass, so every T does equal work: 4096 is B = 1 at T = 4096, where the TLB's
// sequential chunk loop has nothing to amortise its per-op overhead over (the worst case).
constexpr int64_t kDefaultTokensPerPass = 4096;

struct Args {
  bool quick = false;
  bool python = true;
  int threads = 0;
  int64_t tokens = kDefaultTokensPerPass;
  std::string reference = TLB_REFERENCE_SCRIPT;
};

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      args.quick = true;
    } else if (a == "--no-python") {
      args.python = false;
    } else if (a == "--threads" && i + 1 < argc) {
      args.threads = std::stoi(argv[++i]);
    } else if (a == "--tokens" && i + 1 < argc) {
      args.tokens = std::stoll(argv[++i]);
      if (args.tokens < 4096) throw std::invalid_argument("tlb_bench: --tokens must be >= 4096");
    } else if (a == "--reference" && i + 1 < argc) {
      args.reference = argv[++i];
    } else {
      throw std::invalid_argument(
          "tlb_bench: expected --quick, --threads N, --tokens N, --no-python or "
          "--reference PATH, found '" +
          a + "'");
    }
  }
  return args;
}

double seconds_since(std::chrono::steady_clock::time_point begin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

// The TLB and a full causal Transformer of the same width (64) and attention depth (2): the
// `transformer` backbone with a window of the whole sequence, with its default learned
// relative-position bias, and with sinusoidal positions (no bias to add to the T x T
// scores: the cheaper of the two, and the classic full Transformer).
Options tlb_options() {
  return {{"width", "64"}, {"heads", "4"}, {"chunk", "16"}, {"latents", "8"}};
}
Options full_transformer_options(int64_t steps, const std::string& positional) {
  return {{"width", "64"},
          {"heads", "4"},
          {"layers", "2"},
          {"mlp_width", "256"},
          {"window", std::to_string(steps)},
          {"positional", positional}};
}

// A backbone by kind; the TLB directly, in case the factory does not list it yet.
tlb::Backbone make(const std::string& kind, const Options& options) {
  if (kind != "tlb") return tlb::make_backbone(kind, kInput, options);
  tlb::common::OptionReader reader("tlb", options);
  return tlb::make_tlb_backbone(kInput, reader);
}

// CPU seconds this process has used: with one compute thread, the time it computed, not the
// time it waited for a core another process held.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Throughput {
  double tokens_per_s = 0;      // median pass, wall clock
  double cpu_tokens_per_s = 0;  // median pass, CPU time
};

// Forward + backward of a mean-square loss on [B, T] with B * T = `tokens` for each
// model: one untimed warm-up pass each (unless quick), then `passes` rounds that time one
// pass of every model in turn. Interleaving gives every model the same share of whatever
// else the machine is running, so their ratios hold on a loaded machine; the median pass
// is reported.
std::vector<Throughput> train_throughput(const std::vector<tlb::Backbone>& models, int64_t steps,
                                         int64_t tokens, int passes, bool warm_up) {
  const int64_t batch = std::max<int64_t>(1, tokens / steps);
  auto inputs = torch::randn({batch, steps, kInput});
  auto starts = torch::zeros({batch, steps}, torch::kBool);
  auto pass = [&](tlb::Backbone model) {
    model->zero_grad();
    auto out = model->forward_sequence(inputs, model->initial_state(batch), starts);
    out.features.square().mean().backward();
  };
  if (warm_up) {
    for (const auto& model : models) pass(model);
  }
  std::vector<std::vector<double>> wall(models.size()), cpu(models.size());
  for (int i = 0; i < passes; ++i) {
    for (size_t m = 0; m < models.size(); ++m) {
      const auto begin = std::chrono::steady_clock::now();
      const double cpu_begin = cpu_seconds();
      pass(models[m]);
      cpu[m].push_back(cpu_seconds() - cpu_begin);
      wall[m].push_back(seconds_since(begin));
    }
  }
  std::vector<Throughput> out;
  const double timed = static_cast<double>(batch * steps);
  for (size_t m = 0; m < models.size(); ++m) {
    out.push_back({timed / median(wall[m]), timed / median(cpu[m])});
  }
  return out;
}

// Seconds per step() call for `batch` rows whose episodes are at each step of `at`: the
// states are fast-forwarded first, then every round times `calls` calls from each of them in
// turn (so load from other processes hits every episode step alike); the median round.
std::map<int64_t, double> step_latency(tlb::Backbone model, int64_t batch,
                                       const std::vector<int64_t>& at, int calls, int rounds) {
  torch::NoGradGuard no_grad;
  model->eval();
  std::vector<tlb::RecurrentState> states;
  auto state = model->initial_state(batch);
  int64_t done = 0;
  const int64_t piece = 1000;  // steps per forward_sequence while fast-forwarding
  for (int64_t target : at) {
    while (done < target) {
      const int64_t n = std::min(piece, target - done);
      auto starts = torch::zeros({batch, n}, torch::kBool);
      if (done == 0) starts.select(1, 0).fill_(true);
      state = model->forward_sequence(torch::randn({batch, n, kInput}), state, starts).final_state;
      done += n;
    }
    states.push_back(state);
  }
  auto input = torch::randn({batch, kInput});
  auto no_start = torch::zeros({batch}, torch::kBool);
  for (const auto& s : states) model->step(input, s, no_start);  // warm-up
  std::vector<std::vector<double>> means(at.size());             // per round of `calls` calls
  for (int round = 0; round < rounds; ++round) {
    for (size_t a = 0; a < at.size(); ++a) {
      auto r = states[a];  // every round steps on from the same episode step
      const auto begin = std::chrono::steady_clock::now();
      for (int i = 0; i < calls; ++i) r = model->step(input, r, no_start).next_state;
      means[a].push_back(seconds_since(begin) / calls);
    }
  }
  std::map<int64_t, double> out;
  for (size_t a = 0; a < at.size(); ++a) out[at[a]] = median(means[a]);
  return out;
}

// The same TLB forward+backward in bench/tlb/tlb_reference.py (median pass, wall-clock and
// CPU time), or -1s if it failed.
Throughput python_throughput(const Args& args, tlb::Backbone model, int64_t steps, int repeats) {
  auto* tlb_model = dynamic_cast<tlb::TlbBackboneImpl*>(model.get());
  const auto dir =
      std::filesystem::temp_directory_path() / ("tlb_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto weights = (dir / "weights.pt").string(), inputs = (dir / "inputs.pt").string();
  tlb::export_weights(*model, weights);
  const int64_t batch = std::max<int64_t>(1, kDefaultTokensPerPass / steps);
  tlb::save_tensor_dict({{"inputs", torch::randn({batch, steps, kInput})},
                         {"heads", torch::tensor(tlb_model->options.heads())},
                         {"self_layers", torch::tensor(tlb_model->options.self_layers())},
                         {"groups", torch::tensor(tlb_model->options.groups())}},
                        inputs);
  const std::string command = "/usr/bin/python3 " + args.reference + " " + weights + " " + inputs +
                              " --bench --repeats " + std::to_string(repeats) + " --threads " +
                              std::to_string(args.threads);
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
    pclose(pipe);
  }
  std::filesystem::remove_all(dir);
  const auto key = output.find("\"tokens_per_s\": ");
  const auto cpu_key = output.find("\"cpu_tokens_per_s\": ");
  if (key == std::string::npos || cpu_key == std::string::npos) {
    std::cerr << "tlb_bench: python reference failed: " << command << "\n" << output;
    return {-1, -1};
  }
  return {std::stod(output.substr(key + 16)), std::stod(output.substr(cpu_key + 20))};
}

}  // namespace

int main(int argc, char** argv) try {
  const Args parsed = parse_args(argc, argv);
  Args args = parsed;
  args.threads = tlb::set_compute_threads(parsed.threads);
  const bool reuse = tlb::reuse_freed_memory();
  const int passes = args.quick ? 1 : 5;
  const int calls = args.quick ? 50 : 100;
  const int rounds = args.quick ? 1 : 5;  // of `calls` step calls per episode step
  torch::manual_seed(0);

  std::ostringstream json;
  json << "{\n  \"machine\": {\"threads\": " << args.threads
       << ", \"cores\": " << tlb::available_cores() << ", \"torch\": \"" << tlb::torch_version()
       << "\", \"blas\": \"" << tlb::blas_description()
       << "\", \"malloc_reuses_freed_memory\": " << (reuse ? "true" : "false") << "},\n";
  json << "  \"method\": {\"tokens_per_pass\": " << args.tokens
       << ", \"warm_up_passes\": " << (args.quick ? 0 : 1) << ", \"timed_passes\": " << passes
       << ", \"figure\": \"median pass: [wall-clock, CPU-time] tokens/s\", \"step_calls\": "
       << calls << ", \"step_rounds\": " << rounds << "},\n";

  // Per T: {"tlb": [wall, cpu], ...} tokens/s, and the TLB over the faster full Transformer.
  json << "  \"train_tokens_per_s\": {";
  Throughput tlb_1024;
  const std::vector<int64_t> lengths = {256, 1024, 4096};
  const std::vector<std::string> names = {"tlb", "full_transformer_relative",
                                          "full_transformer_sinusoidal", "lstm"};
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int64_t t = lengths[i];
    const auto r = train_throughput(
        {make("tlb", tlb_options()), make("transformer", full_transformer_options(t, "relative")),
         make("transformer", full_transformer_options(t, "sinusoidal")),
         make("lstm", {{"hidden", "64"}})},
        t, args.tokens, passes, !args.quick);
    if (t == 1024) tlb_1024 = r[0];
    json << (i ? "," : "") << "\n    \"" << t << "\": {\"batch\": " << args.tokens / t;
    for (size_t m = 0; m < names.size(); ++m) {
      json << ", \"" << names[m] << "\": [" << r[m].tokens_per_s << ", " << r[m].cpu_tokens_per_s
           << "]";
    }
    json << ", \"tlb_over_fastest_full_transformer\": ["
         << r[0].tokens_per_s / std::max(r[1].tokens_per_s, r[2].tokens_per_s) << ", "
         << r[0].cpu_tokens_per_s / std::max(r[1].cpu_tokens_per_s, r[2].cpu_tokens_per_s) << "]}";
    std::cerr << "T=" << t << " done\n";
  }
  json << "\n  },\n  \"step_latency_ms\": {";
  const std::vector<int64_t> at = {10, 1000, 10000};
  bool first = true;
  auto kinds = tlb::backbone_kinds();
  if (std::find(kinds.begin(), kinds.end(), "tlb") == kinds.end())
    kinds.insert(kinds.begin(), "tlb");
  for (const auto& kind : kinds) {
    for (int64_t batch : {1, 64}) {
      const auto latency = step_latency(make(kind, kind == "tlb" ? tlb_options() : Options{}),
                                        batch, at, calls, rounds);
      json << (first ? "" : ",") << "\n    \"" << kind << " B=" << batch << "\": {";
      first = false;
      for (size_t i = 0; i < at.size(); ++i) {
        json << (i ? ", " : "") << "\"" << at[i] << "\": " << latency.at(at[i]) * 1e3;
      }
      json << ", \"ratio_10000_over_10\": " << latency.at(10000) / latency.at(10) << "}";
    }
    std::cerr << kind << " latency done\n";
  }
  json << "\n  }";
  if (args.python) {
    torch::manual_seed(0);
    const auto py = python_throughput(args, make("tlb", tlb_options()), 1024, passes);
    json << ",\n  \"python_reference_T1024\": {\"cpp_tokens_per_s\": [" << tlb_1024.tokens_per_s
         << ", " << tlb_1024.cpu_tokens_per_s << "], \"python_tokens_per_s\": [" << py.tokens_per_s
         << ", " << py.cpu_tokens_per_s << "], \"cpp_over_python\": ["
         << tlb_1024.tokens_per_s / py.tokens_per_s << ", "
         << tlb_1024.cpu_tokens_per_s / py.cpu_tokens_per_s << "]}";
  }
  json << "\n}\n";
  std::cout << json.str();
  return 0;
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 1;
}
