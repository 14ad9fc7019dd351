#pragma once
// The "i2vgen-xl" family: ali-vilab/i2vgen-xl in the diffusers folder layout (fp16 variants included),
// found in folders the user adds or in the Hugging Face cache. Registered in core/engine/api/registry.cpp.

#include "core/engine/api/model_family.h"

namespace i2v {

class I2VGenXLFamily final : public ModelFamily {
public:
    std::string id() const override { return "i2vgen-xl"; }
    std::string displayName() const override { return "I2VGen-XL"; }
    std::string description() const override;
    bool needsWeights() const override { return true; }
    int promptTokenLimit() const override { return 77; } // CLIP context length
    // True when folder/model_index.json names I2VGenXLPipeline (reads that one file only; never throws).
    bool probe(const std::string& folder) const override;
    // I2VGen-XL snapshots in the Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub).
    std::vector<ModelInfo> discover() const override;
    // Device/dtype from `options` (see runtime/device.h). Throws I2vError (ModelInvalid, WeightsCorrupt,
    // DeviceUnavailable, OutOfMemory, ...).
    std::unique_ptr<Pipeline> load(const std::string& folder, const LoadOptions& options) const override;
    // Width/height: multipleOf 8, the real model's VAE factor (2^(4 - 1)); every I2VGen-XL VAE with at most four
    // blocks divides it. The loaded pipeline checks the exact factor of its VAE config again.
    std::vector<ParamSpec> parameters() const override;
    // From unet/, vae/, text_encoder/, image_encoder/ config.json and the weight file sizes.
    std::optional<ModelShape> memoryShape(const std::string& folder) const override;
};

} // namespace i2v
