// Backbones by name, with options given as strings, so the CLI and config files can say
// `--backbone tlb --tlb.chunk 16 --tlb.latents 8` without knowing any options struct.
//
// Every backbone follows one convention (temporal_latent_bottleneck.h, mlp_backbone.h,
// recurrent_backbone.h, transformer_backbone.h):
// - its settings are one options struct of TORCH_ARG fields, each with its default
//   (`TlbOptions(input_dim).chunk(16)`); a setting that picks one of a few things is an enum
//   (SlowUpdate, MlpActivation, TransformerPositional, RecurrentCell), never a string;
// - the module keeps that struct as its public member `options`, as LibTorch's own modules
//   do (`linear->options`), and checks it in its constructor;
// - read_<kind>_options(input_dim, reader), right below the struct, reads each field once
//   through a common::OptionReader, keyed by the field's name, defaulted by the struct and
//   with its one line of help: the only place that help is written (`tlb train --help` and
//   docs/backbones.md show it);
// - make_<kind>_backbone(input_dim, reader) builds the module from those options; this
//   registry maps the kind to it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/option_reader.h"
#include "tlb/backbone.h"

namespace tlb {

// Kinds that make_backbone accepts, in the order `--help` lists them.
std::vector<std::string> backbone_kinds();

// The options `kind` accepts: each key without the "<kind>." prefix ("chunk"), its default as
// text and one line of help. Throws std::invalid_argument for an unknown kind.
std::vector<common::OptionDoc> backbone_options(const std::string& kind);

// A new backbone of `kind` reading tokens of width `input_dim`. `options` maps keys of
// backbone_options(kind) to values; an unknown key or an unparsable value throws
// std::invalid_argument naming the key, what was expected and what was found.
Backbone make_backbone(const std::string& kind, int64_t input_dim,
                       const std::map<std::string, std::string>& options = {});

}  // namespace tlb
