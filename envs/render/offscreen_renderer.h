// Renders a MuJoCo simulation offscreen into RGB frames, without a display: an EGL context on
// Mesa's surfaceless platform (EGL_MESA_platform_surfaceless, no pbuffer needed:
// EGL_KHR_surfaceless_context) drawing into MuJoCo's offscreen framebuffer. On a machine
// without a GPU Mesa renders on the CPU (llvmpipe).
#pragma once

#include <mujoco/mujoco.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tlb::envs {

struct RenderOptions {
  int width = 480;   // pixels
  int height = 480;  // pixels
  // A camera named in the model; empty: a free camera tracking the root body from the side.
  std::string camera;
};

class OffscreenRenderer {
 public:
  // Keeps a private copy of `model` (with its offscreen buffer sized to the options). Throws
  // std::runtime_error when no EGL/OpenGL context can be made, std::invalid_argument for a
  // camera the model does not have (naming the cameras it has).
  OffscreenRenderer(const mjModel* model, RenderOptions options);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  // One frame of `data` (which must belong to the model given at construction):
  // height × width × 3 bytes, RGB, top row first. Makes this renderer's context current.
  std::vector<uint8_t> render(const mjData* data);

  int width() const { return options_.width; }
  int height() const { return options_.height; }

 private:
  struct Gl;  // the EGL display and context
  RenderOptions options_;
  std::unique_ptr<Gl> gl_;
  mjModel* model_ = nullptr;
  mjvScene scene_;
  mjvCamera camera_;
  mjvOption option_;
  mjrContext context_;
};

}  // namespace tlb::envs
