#include "envs/model_loader.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "envs/asset_path.h"

namespace tlb::envs {
namespace {

// MuJoCo 2.2.2's XML parser keeps global state; one compile at a time.
std::mutex& load_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct VfsDeleter {
  void operator()(mjVFS* vfs) const {
    mj_deleteVFS(vfs);
    delete vfs;
  }
};

[[noreturn]] void fail_load(const std::string& what, const std::string& source, const char* error) {
  throw std::runtime_error("cannot " + what + " MJCF model " + source + ": " +
                           (error[0] != '\0' ? error : "unknown MuJoCo error"));
}

}  // namespace

std::string mjcf_content_hash(std::string_view xml) {
  std::string content;
  content.reserve(xml.size());
  size_t at = 0;
  while (at < xml.size()) {
    const size_t open = xml.find("<!--", at);
    if (open == std::string_view::npos) break;
    content.append(xml.substr(at, open - at));
    const size_t close = xml.find("-->", open + 4);
    if (close == std::string_view::npos) return fnv1a_hex(xml);  // malformed: hash it all
    at = close + 3;
  }
  if (at < xml.size()) content.append(xml.substr(at));
  return fnv1a_hex(content);
}

std::string fnv1a_hex(std::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static const char kDigits[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[i] = kDigits[hash & 0xf];
  return hex;
}

LoadedModel load_model_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read MJCF model file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  char error[1000] = "";
  ModelPtr model;
  {
    std::lock_guard<std::mutex> lock(load_mutex());
    model.reset(mj_loadXML(path.c_str(), nullptr, error, sizeof(error)));
  }
  if (!model) fail_load("compile", path, error);
  return {std::move(model), mjcf_content_hash(text.str()), path};
}

LoadedModel load_model_text(const std::string& xml, const std::string& label) {
  static const char kName[] = "model.xml";
  // mjVFS holds 2000 file names inline (about 2 MB): keep it off the stack.
  std::unique_ptr<mjVFS, VfsDeleter> vfs(new mjVFS);
  mj_defaultVFS(vfs.get());
  char error[1000] = "";
  if (mj_makeEmptyFileVFS(vfs.get(), kName, static_cast<int>(xml.size())) != 0) {
    fail_load("buffer", label, error);
  }
  const int index = mj_findFileVFS(vfs.get(), kName);
  std::memcpy(vfs->filedata[index], xml.data(), xml.size());
  ModelPtr model;
  {
    std::lock_guard<std::mutex> lock(load_mutex());
    model.reset(mj_loadXML(kName, vfs.get(), error, sizeof(error)));
  }
  if (!model) fail_load("compile", label, error);
  return {std::move(model), mjcf_content_hash(xml), label};
}

LoadedModel load_asset_model(const std::string& file) { return load_model_file(asset_path(file)); }

}  // namespace tlb::envs
