#pragma once
// Random-weight I2VGen-XL components built from a folder of config files only (e.g.
// tests/data/i2vgenxl-real-configs), optionally narrowed, for the benchmark and memory estimates.
// Nothing here is used to generate real videos.

#include "core/engine/models/i2vgen_xl/i2vgen_xl_components.h"

#include <filesystem>
#include <string>

namespace i2v {

// Writes the scaled configs of `configFolder` into `outFolder` (created; model_index.json, scheduler and
// feature extractor copied). Channel widths are divided by `scale` (a power of two, 1..32):
// unet block_out_channels, cross_attention_dim, attention_head_dim (the reference uses it as the head
// size, heads = channels / value, so the UNet keeps the real head counts) and norm_num_groups; text/image
// encoder hidden_size, intermediate_size, num_attention_heads (head sizes kept) and projection_dim; vae
// block_out_channels and norm_num_groups.
// Layer counts are kept. Throws I2vError(InvalidArgument) naming the key when a width does not divide,
// ModelInvalid/FileNotFound for unreadable configs.
void writeScaledI2VGenXLConfigs(const std::filesystem::path& configFolder, const std::filesystem::path& outFolder,
                                int scale);

// Builds every module from `configFolder`'s configs with random weights (weights N(0, 1/fan_in), norm
// weights 1, biases 0) in `dtype` on `device`. The tokenizer comes from `tokenizerFolder` (the real CLIP
// vocabulary, e.g. the fixture's model/tokenizer). Throws I2vError as the loaders do.
std::shared_ptr<I2VGenXLComponents> buildRandomI2VGenXLComponents(const std::filesystem::path& configFolder,
                                                                  const std::filesystem::path& tokenizerFolder,
                                                                  torch::Dtype dtype, const torch::Device& device,
                                                                  std::uint64_t seed = 0);

// Parameters of a module (for the benchmark table).
std::int64_t parameterCount(const torch::nn::Module& module);

} // namespace i2v
