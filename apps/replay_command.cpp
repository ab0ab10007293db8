// `tlb replay FILE`: re-simulates recorded episodes from their recorded initial state with the
// recorded actions and prints, per episode, steps, returns, the largest state deviation and
// ok/DRIFT; exits 1 when any episode drifts beyond --tolerance. --video / --frames render it.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

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
  options.add_options()("file", po::value(&opts.file)->required()->value_name("FILE"),
                        "trajectory file recorded by tlb")(
      "episode", po::value(&opts.episode)->value_name("I"),
      "re-simulate only the episode at index I (default: all)")(
      "tolerance", po::value(&opts.resimulate.tolerance)->value_name("X"),
      "largest qpos/qvel deviation counted as reproduced (default 0: bit for bit)")(
      "video", po::value(&opts.video)->value_name("OUT.mp4"), "render the episodes to a video")(
      "frames", po::value(&opts.frames)->value_name("DIR"), "render the episodes to PNG frames")(
      "width", po::value(&opts.render.width)->value_name("PX"), "frame width")(
      "height", po::value(&opts.render.height)->value_name("PX"), "frame height")(
      "camera", po::value(&opts.render.camera)->value_name("NAME"),
      "camera named in the model (default: tracking the robot)");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map values;
  if (!parse_command_options("replay", "FILE [--episode I] [--video OUT.mp4 | --frames DIR]",
                             options, positional, args, values)) {
    return 0;
  }
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
  if (!opts.video.empty() || !opts.frames.empty()) {
    renderer = std::make_unique<envs::OffscreenRenderer>(env->mujoco()->model(), opts.render);
    if (!opts.video.empty() && replay::ffmpeg_available()) {
      const double fps = 1.0 / env->mujoco()->dt();
      frames = std::make_unique<replay::VideoWriter>(opts.video, opts.render.width,
                                                     opts.render.height, fps);
    } else {
      const std::string folder = opts.frames.empty() ? opts.video + ".frames" : opts.frames;
      if (!opts.video.empty()) {
        std::cerr << "warning: ffmpeg not found; writing PNG frames to " << folder << "\n";
      }
      frames =
          std::make_unique<replay::PngFrameWriter>(folder, opts.render.width, opts.render.height);
    }
    opts.resimulate.on_step = [&](envs::MujocoEnv& sim, size_t) {
      frames->write(renderer->render(sim.data()));
    };
  }

  std::printf("%8s %7s %16s %16s %14s %14s  %s\n", "episode", "steps", "recorded_return",
              "replayed_return", "max_qpos_dev", "max_qvel_dev", "status");
  size_t drifted = 0;
  const size_t first = opts.episode >= 0 ? static_cast<size_t>(opts.episode) : 0;
  const size_t last = opts.episode >= 0 ? first + 1 : reader.num_episodes();
  for (size_t i = first; i < last; ++i) {
    const replay::EpisodeReplay r = replay::resimulate_episode(reader, i, *env, opts.resimulate);
    drifted += r.drifted;
    std::printf("%8lld %7zu %16.6f %16.6f %14.3e %14.3e  %s\n", static_cast<long long>(r.id),
                r.steps, r.recorded_return, r.replayed_return, r.max_qpos_deviation,
                r.max_qvel_deviation, r.drifted ? "DRIFT" : "ok");
  }
  if (frames) frames->close();
  if (drifted > 0) {
    std::fprintf(stderr, "%zu of %zu episodes drifted beyond tolerance %g\n", drifted, last - first,
                 opts.resimulate.tolerance);
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
