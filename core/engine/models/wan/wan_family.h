#pragma once
// The Wan families (diffusers folders, found in folders the user adds or in the Hugging Face cache):
//   "wan2.1-i2v"  Wan-AI/Wan2.1-I2V-14B-480P/720P-Diffusers: model_index.json WanImageToVideoPipeline
//                 (without expand_timesteps); sizes multiples of 16.
//   "wan2.2-ti2v" Wan-AI/Wan2.2-TI2V-5B-Diffusers: WanPipeline or WanImageToVideoPipeline with
//                 "expand_timesteps": true; sizes multiples of 32.
// Both run the same pipeline (pipeline_wan_i2v.h). Registered in core/engine/models/families.cpp.

#include "core/engine/api/model_family.h"

namespace i2v {

enum class WanVariant { I2V21, TI2V22 };

class WanFamily final : public ModelFamily {
public:
    explicit WanFamily(WanVariant variant) : m_variant(variant) {}
    std::string id() const override;
    std::string displayName() const override;
    std::string description() const override;
    bool needsWeights() const override { return true; }
    int promptTokenLimit() const override { return 512; } // UMT5 sequence length of the pipeline
    // Reads model_index.json only; never throws.
    bool probe(const std::string& folder) const override;
    std::vector<ModelInfo> discover() const override;
    std::unique_ptr<Pipeline> load(const std::string& folder, const LoadOptions& options) const override;
    std::vector<ParamSpec> parameters() const override;
    // From transformer/, vae/, text_encoder/, image_encoder/ config.json and the weight file sizes.
    std::optional<ModelShape> memoryShape(const std::string& folder) const override;

    WanVariant variant() const { return m_variant; }

private:
    WanVariant m_variant;
};

// The variant a folder holds (from model_index.json), nullopt when it is no Wan i2v folder this engine runs.
std::optional<WanVariant> probeWanVariant(const std::string& folder);

} // namespace i2v
