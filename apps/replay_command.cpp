// `tlb replay FILE`: re-simulates recorded episodes from their recorded initial state with the
// recorded actions and prints, per episode, steps, returns, the largest state, observation and
// reward deviations and ok or DRIFT with the first differing step and quantity; exits 1 when
// any episode drifts beyond --tolerance. --video / --frames render it at the task's real-time
// rate, saying where and how far.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include "apps/command.h"
#include "envs/render/offscreen_renderer.h"
#include "replay/frame_writer.h"
#include "replay/resimulate.h"

namespace tlb::apps {
namespace {

struct ReplayCommandOptions {
  std::string file;
  int episode = -1;    // index of one episode; -1: all
  std::string video;   // MP4 to write (ffmpeg)
  std::string frames;  // folder for PNG frames
  envs::RenderOptions render;
  replay::ResimulateOptions resimulate;
};

int run_replay(const std::vector<std::string>& args) {
  ReplayCommandOptions opts;
  po::options_description options("tlb replay options");
  options.add_options()("episode", po::value(&opts.episode)->value_name("I"),
                        "re-simulate only the episode at index I (default: all)")(
      "tolerance", po::value(&opts.resimulate.tolerance)->value_name("X"),
      "largest deviation of qpos, qvel, observations and rewards counted as reproduced (default "
      "0: bit for bit; float32 files compare at float32 precision)")(
      "video", po::value(&opts.video)->value_name("OUT.mp4"), "render the episodes to a video")(
      "frames", po::value(&opts.frames)->value_name("DIR"), "render the episodes to PNG frames")(
      "width", po::value(&opts.render.width)->value_name("PX"), "frame width")(
      "height", po::value(&opts.render.height)->value_name("PX"), "frame height")(
      "camera", po::value(&opts.render.camera)->value_name("NAME"),
      "camera named in the model (default: tracking the robot)");
  // The positional argument the usage line names: parsed, not listed as an option.
  po::options_description arguments;
  arguments.add_options()("file", po::value(&opts.file));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_command_options(
          "replay",
          "FILE [--episode I] [--tolerance X] [--video OUT.mp4 | --frames DIR] [--width PX] "
          "[--height PX] [--camera NAME]",
          options, positional, args, values, &arguments)) {
    return 0;
  }
  if (opts.file.empty()) throw UsageError("expected FILE, a trajectory file recorded by tlb");
  if (!opts.video.empty() && !opts.frames.empty()) {
    throw UsageError("--video and --frames exclude each other");
  }
  if (opts.resimulate.tolerance < 0 || std::isnan(opts.resimulate.tolerance)) {
    throw UsageError("--tolerance must be >= 0");
  }
  const replay::TrajectoryReader reader(opts.file);
  if (opts.episode >= 0 && static_cast<size_t>(opts.episode) >= reader.num_episodes()) {
    throw UsageError("--episode " + std::to_string(opts.episode) +
                     " out of range: the file holds " + std::to_string(reader.num_episodes()) +
                     " episodes");
  }
  auto env = replay::make_recorded_env(reader);
  for (const auto& warning : replay::replay_warnings(reader, *env)) {
    std::cerr << "warning: " << warning << "\n";
  }

  std::unique_ptr<envs::OffscreenRenderer> renderer;
  std::unique_ptr<replay::FrameWriter> frames;
  std::string rendered_to;  // what the frames became, for the closing line
  const size_t first = opts.episode >= 0 ? static_cast<size_t>(opts.episode) : 0;
  const size_t last = opts.episode >= 0 ? first + 1 : reader.num_episodes();
  size_t total_frames = 0;
  for (size_t i = first; i < last; ++i) total_frames += reader.episode_steps(i) + 1;
  size_t current_episode = first;
  auto last_report = std::chrono::steady_clock::now();
  if (!opts.video.empty() || !opts.frames.empty()) {
    renderer = std::make_unique<envs::OffscreenRenderer>(env->mujoco()->model(), opts.render);
    const replay::FrameRate rate = replay::real_time_rate(env->mujoco()->dt());
    if (!opts.video.empty() && replay::ffmpeg_available()) {
      frames = std::make_unique<replay::VideoWriter>(opts.video, opts.render.width,
                                                     opts.render.height, rate);
      rendered_to = "video " + opts.video;
      std::fprintf(stderr, "rendering %zu frames to %s (%dx%d, %s fps: real time, 1/dt of %s)\n",
                   total_frames, opts.video.c_str(), opts.render.width, opts.render.height,
                   rate.text().c_str(), reader.metadata().task.c_str());
    } else {
      const std::string folder = opts.frames.empty() ? opts.video + ".frames" : opts.frames;
      if (!opts.video.empty()) {
        std::cerr << "warning: ffmpeg not found; writing PNG frames to " << folder << "\n";
      }
      frames =
          std::make_unique<replay::PngFrameWriter>(folder, opts.render.width, opts.render.height);
      rendered_to = "PNG frames in " + folder + "/";
      std::fprintf(stderr, "rendering %zu frames to %s/ (%dx%d; real time is %s fps)\n",
                   total_frames, folder.c_str(), opts.render.width, opts.render.height,
                   rate.text().c_str());
    }
    opts.resimulate.on_step = [&](envs::MujocoEnv& sim, size_t) {
      frames->write(renderer->render(sim.data()));
      // Progress on stderr every few seconds: rendering runs on the CPU (llvmpipe).
      const auto now = std::chrono::steady_clock::now();
      if (now - last_report > std::chrono::seconds(5)) {
        last_report = now;
        std::fprintf(stderr, "  %zu of %zu frames (episode %zu)\n", frames->frames(), total_frames,
                     current_episode);
      }
    };
  }

  std::printf("%8s %7s %16s %16s %14s %14s %10s %10s  %s\n", "episode", "steps", "recorded_return",
              "replayed_return", "max_qpos_dev", "max_qvel_dev", "max_obs_dev", "max_rew_dev",
              "status");
  size_t drifted = 0;
  std::set<std::string> notes;
  for (size_t i = first; i < last; ++i) {
    current_episode = i;
    const replay::EpisodeReplay r = replay::resimulate_episode(reader, i, *env, opts.resimulate);
    drifted += r.drifted;
    std::string status = "ok";
    if (r.drifted) {
      status =
          "DRIFT at step " + std::to_string(*r.first_drift_step) + ": " + r.first_drift_quantity;
    }
    std::printf("%8lld %7zu %16.6f %16.6f %14.3e %14.3e %10.3e %10.3e  %s\n",
                static_cast<long long>(r.id), r.steps, r.recorded_return, r.replayed_return,
                r.max_qpos_deviation, r.max_qvel_deviation, r.max_observation_deviation,
                r.max_reward_deviation, status.c_str());
    for (const auto& note : r.notes) {
      if (notes.insert(note).second) std::cerr << "note: " << note << "\n";
    }
  }
  if (frames) {
    frames->close();
    std::fprintf(stderr, "wrote %zu frames to %s\n", frames->frames(), rendered_to.c_str());
  }
  if (drifted > 0) {
    std::fprintf(stderr,
                 "%zu of %zu episodes drifted beyond tolerance %g (the first differing step and "
                 "quantity are shown per episode)\n",
                 drifted, last - first, opts.resimulate.tolerance);
    return 1;
  }
  return 0;
}

}  // namespace

Command make_replay_command() {
  return {"replay", "re-simulate recorded episodes and check they reproduce (or render them)",
          run_replay};
}

}  // namespace tlb::apps
