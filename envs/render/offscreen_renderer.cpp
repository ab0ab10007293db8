#include "envs/render/offscreen_renderer.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <stdexcept>

namespace tlb::envs {

struct OffscreenRenderer::Gl {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;

  ~Gl() {
    if (display == EGL_NO_DISPLAY) return;
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
    // No eglTerminate: the surfaceless display is one per process, shared by every renderer,
    // and terminating it would invalidate the other renderers' contexts.
  }

  void make_current() const {
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
      throw std::runtime_error("offscreen rendering: eglMakeCurrent failed (EGL error " +
                               std::to_string(eglGetError()) + ")");
    }
  }
};

namespace {

[[noreturn]] void egl_failure(const std::string& what) {
  throw std::runtime_error("offscreen rendering: " + what + " (EGL error 0x" + [] {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%x", eglGetError());
    return std::string(buffer);
  }() + "); needs Mesa's EGL (libegl-mesa0) with the surfaceless platform");
}

}  // namespace

OffscreenRenderer::OffscreenRenderer(const mjModel* model, RenderOptions options)
    : options_(std::move(options)), gl_(std::make_unique<Gl>()) {
  if (options_.width <= 0 || options_.height <= 0 || options_.width > 8192 ||
      options_.height > 8192) {
    throw std::invalid_argument("frame size must be 1..8192 pixels per side, got " +
                                std::to_string(options_.width) + "x" +
                                std::to_string(options_.height));
  }
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display == nullptr) egl_failure("eglGetPlatformDisplayEXT is missing");
  gl_->display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  EGLint major = 0, minor = 0;
  if (gl_->display == EGL_NO_DISPLAY || !eglInitialize(gl_->display, &major, &minor)) {
    egl_failure("no surfaceless EGL display");
  }
  // Surfaceless configs offer no window surfaces: ask for pbuffer-capable ones (the context
  // is then used with no surface at all).
  const EGLint attributes[] = {EGL_RED_SIZE,
                               8,
                               EGL_GREEN_SIZE,
                               8,
                               EGL_BLUE_SIZE,
                               8,
                               EGL_DEPTH_SIZE,
                               24,
                               EGL_SURFACE_TYPE,
                               EGL_PBUFFER_BIT,
                               EGL_RENDERABLE_TYPE,
                               EGL_OPENGL_BIT,
                               EGL_NONE};
  EGLConfig config = nullptr;
  EGLint count = 0;
  if (!eglChooseConfig(gl_->display, attributes, &config, 1, &count) || count < 1) {
    egl_failure("no EGL config with 8-bit RGB and a 24-bit depth buffer");
  }
  if (!eglBindAPI(EGL_OPENGL_API)) egl_failure("desktop OpenGL is not available");
  gl_->context = eglCreateContext(gl_->display, config, EGL_NO_CONTEXT, nullptr);
  if (gl_->context == EGL_NO_CONTEXT) egl_failure("cannot create an OpenGL context");
  gl_->make_current();

  model_ = mj_copyModel(nullptr, model);
  if (model_ == nullptr) throw std::runtime_error("offscreen rendering: mj_copyModel failed");
  model_->vis.global.offwidth = std::max(model_->vis.global.offwidth, options_.width);
  model_->vis.global.offheight = std::max(model_->vis.global.offheight, options_.height);

  mjv_defaultScene(&scene_);
  mjv_defaultCamera(&camera_);
  mjv_defaultOption(&option_);
  mjr_defaultContext(&context_);
  if (options_.camera.empty()) {
    camera_.type = mjCAMERA_TRACKING;
    camera_.trackbodyid = model_->nbody > 1 ? 1 : 0;
    camera_.distance = 1.1 * model_->stat.extent;
    camera_.azimuth = 90;
    camera_.elevation = -15;
  } else {
    const int id = mj_name2id(model_, mjOBJ_CAMERA, options_.camera.c_str());
    if (id < 0) {
      std::string names;
      for (int i = 0; i < model_->ncam; ++i) {
        names += (i ? ", " : "") + std::string(model_->names + model_->name_camadr[i]);
      }
      mj_deleteModel(model_);
      model_ = nullptr;
      throw std::invalid_argument("camera '" + options_.camera + "' not in the model (cameras: " +
                                  (names.empty() ? "none" : names) + ")");
    }
    camera_.type = mjCAMERA_FIXED;
    camera_.fixedcamid = id;
  }
  mjv_makeScene(model_, &scene_, 2000);
  mjr_makeContext(model_, &context_, mjFONTSCALE_100);
  mjr_setBuffer(mjFB_OFFSCREEN, &context_);
  if (context_.currentBuffer != mjFB_OFFSCREEN) {
    throw std::runtime_error("offscreen rendering: MuJoCo has no offscreen framebuffer");
  }
}

OffscreenRenderer::~OffscreenRenderer() {
  if (model_ != nullptr) {
    // Without the context current the GL objects leak rather than throw from a destructor.
    if (eglMakeCurrent(gl_->display, EGL_NO_SURFACE, EGL_NO_SURFACE, gl_->context)) {
      mjr_freeContext(&context_);
    }
    mjv_freeScene(&scene_);
    mj_deleteModel(model_);
  }
}

std::vector<uint8_t> OffscreenRenderer::render(const mjData* data) {
  gl_->make_current();
  // mjv_updateScene takes a non-const mjData but only reads it here (no perturbation).
  mjv_updateScene(model_, const_cast<mjData*>(data), &option_, nullptr, &camera_, mjCAT_ALL,
                  &scene_);
  const mjrRect viewport = {0, 0, options_.width, options_.height};
  mjr_render(viewport, &scene_, &context_);
  const size_t row = static_cast<size_t>(options_.width) * 3;
  std::vector<uint8_t> bottom_up(row * static_cast<size_t>(options_.height));
  mjr_readPixels(bottom_up.data(), nullptr, viewport, &context_);
  std::vector<uint8_t> frame(bottom_up.size());
  for (int y = 0; y < options_.height; ++y) {
    std::copy_n(bottom_up.data() + static_cast<size_t>(options_.height - 1 - y) * row, row,
                frame.data() + static_cast<size_t>(y) * row);
  }
  return frame;
}

}  // namespace tlb::envs
