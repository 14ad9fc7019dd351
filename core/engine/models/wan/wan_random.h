#pragma once
// Random-weight Wan components built from a folder of config files only (e.g.
// tests/data/wan-real-configs/Wan2.1-I2V-14B-480P-Diffusers), optionally narrowed, for the benchmark.
// Nothing here is used to generate real videos.

#include "core/engine/models/wan/wan_components.h"

#include <filesystem>

namespace i2v {

// Writes the configs of `configFolder` with widths divided by `scale` (a power of two, 1..32) into
// `outFolder` (model_index.json, scheduler, tokenizer and image_processor copied): transformer
// num_attention_heads (head size kept), ffn_dim, text_dim, image_dim, added_kv_proj_dim; text encoder d_model,
// d_ff, num_heads (d_kv kept); image encoder hidden_size, intermediate_size, num_attention_heads; VAE base_dim
// and decoder_base_dim. Layer counts, z_dim, patch sizes and latent statistics are kept. Throws
// I2vError(InvalidArgument) naming the key when a width does not divide.
void writeScaledWanConfigs(const std::filesystem::path& configFolder, const std::filesystem::path& outFolder,
                           int scale);

// Builds every module from `configFolder`'s configs with random weights (N(0, 1/fan_in), norms 1, biases 0)
// in `dtype` on `device` (VAE and image encoder in float32). The tokenizer comes from `tokenizerFolder` (a
// T5 SentencePiece folder, e.g. tests/data/wan21-tiny/model/tokenizer). Throws I2vError.
std::shared_ptr<WanComponents> buildRandomWanComponents(const std::filesystem::path& configFolder,
                                                        const std::filesystem::path& tokenizerFolder,
                                                        torch::Dtype dtype, const torch::Device& device,
                                                        std::uint64_t seed = 0);

} // namespace i2v
