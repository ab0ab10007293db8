// Where rendered RGB frames go: an MP4 encoded by Debian's ffmpeg (raw frames piped to its
// stdin), or one PNG per frame (a small encoder over zlib) when ffmpeg is missing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace tlb::replay {

// Writes `rgb` (height × width × 3 bytes, top row first) as an 8-bit RGB PNG. Throws
// std::runtime_error naming the path when it cannot be written.
void write_png(const std::string& path, const std::vector<uint8_t>& rgb, int width, int height);

// Whether an `ffmpeg` executable is on PATH.
bool ffmpeg_available();

// A video's frame rate as the fraction num/den frames per second.
struct FrameRate {
  int64_t num = 0;
  int64_t den = 1;
  double value() const { return static_cast<double>(num) / static_cast<double>(den); }
  std::string text() const;  // "125", or "200/3" (ffmpeg's -r syntax)
};

// The real-time rate of a task stepping every `dt` seconds: 1/dt frames per second, exact for
// any dt that is a whole number of microseconds (Hopper 0.008 s: 125; Humanoid 0.015 s:
// 200/3). Throws std::invalid_argument for dt <= 0.
FrameRate real_time_rate(double dt);

class FrameWriter {
 public:
  virtual ~FrameWriter() = default;
  virtual void write(const std::vector<uint8_t>& rgb) = 0;
  // Finishes the output; throws when it failed (e.g. ffmpeg's exit status).
  virtual void close() = 0;
  // Frames written so far.
  size_t frames() const { return frames_; }

 protected:
  size_t frames_ = 0;
};

// Encodes an H.264 MP4 (yuv420p, so players open it) with ffmpeg. Refuses to overwrite.
class VideoWriter : public FrameWriter {
 public:
  VideoWriter(std::string path, int width, int height, FrameRate rate);
  ~VideoWriter() override;
  void write(const std::vector<uint8_t>& rgb) override;
  void close() override;

 private:
  std::string path_;
  size_t frame_bytes_;
  FILE* pipe_ = nullptr;
};

// Writes DIR/frame_000000.png, DIR/frame_000001.png, ... (creates DIR).
class PngFrameWriter : public FrameWriter {
 public:
  PngFrameWriter(std::string folder, int width, int height);
  void write(const std::vector<uint8_t>& rgb) override;
  void close() override {}

 private:
  std::string folder_;
  int width_;
  int height_;
};

}  // namespace tlb::replay
