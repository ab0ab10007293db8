#include "tlb/backbone_factory.h"

#include <c10/util/Exception.h>

#include <functional>
#include <stdexcept>

#include "common/text.h"
#include "tlb/mlp_backbone.h"
#include "tlb/recurrent_backbone.h"
#include "tlb/temporal_latent_bottleneck.h"
#include "tlb/transformer_backbone.h"

namespace tlb {
namespace {

using Maker = std::function<Backbone(int64_t input_dim, common::OptionReader& reader)>;

struct KindEntry {
  const char* kind;
  Maker make;
};

// Every backbone, in the order --help lists them. Each maker reads its options through the
// reader, so the same call builds a backbone and lists its options.
const std::vector<KindEntry>& registry() {
  static const std::vector<KindEntry> entries = {
      {"tlb", make_tlb_backbone},
      {"mlp", make_mlp_backbone},
      {"lstm",
       [](int64_t d, common::OptionReader& r) {
         return make_recurrent_backbone(RecurrentCell::kLstm, d, r);
       }},
      {"gru",
       [](int64_t d, common::OptionReader& r) {
         return make_recurrent_backbone(RecurrentCell::kGru, d, r);
       }},
      {"transformer", make_transformer_backbone},
  };
  return entries;
}

const KindEntry& find_kind(const std::string& kind) {
  for (const auto& entry : registry()) {
    if (kind == entry.kind) return entry;
  }
  throw std::invalid_argument("unknown backbone: expected one of " +
                              common::join(backbone_kinds(), ", ") + ", found '" + kind + "'");
}

}  // namespace

std::vector<std::string> backbone_kinds() {
  std::vector<std::string> kinds;
  for (const auto& entry : registry()) kinds.emplace_back(entry.kind);
  return kinds;
}

std::vector<common::OptionDoc> backbone_options(const std::string& kind) {
  const auto& entry = find_kind(kind);
  common::OptionReader reader(kind, {});
  // Built with every default and thrown away: a tiny module, and the docs cannot drift.
  entry.make(/*input_dim=*/1, reader);
  return reader.docs();
}

Backbone make_backbone(const std::string& kind, int64_t input_dim,
                       const std::map<std::string, std::string>& options) {
  const auto& entry = find_kind(kind);
  if (input_dim < 1) {
    throw std::invalid_argument(kind + ": expected input_dim >= 1, found " +
                                std::to_string(input_dim));
  }
  common::OptionReader reader(kind, options);
  try {
    return entry.make(input_dim, reader);
  } catch (const c10::Error& e) {
    // A module's constructor checks its options with TORCH_CHECK: those are bad options,
    // reported as one line (the first of the message, without LibTorch's backtrace).
    const std::string message = e.what_without_backtrace();
    throw std::invalid_argument(message.substr(0, message.find('\n')));
  }
}

}  // namespace tlb
