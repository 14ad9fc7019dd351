#include "core/engine/models/wan/wan_family.h"

#include "core/base/error.h"
#include "core/engine/models/wan/pipeline_wan_i2v.h"
#include "core/engine/models/wan/wan_components.h"
#include "core/engine/runtime/model_folder.h"

namespace i2v {

std::optional<WanVariant> probeWanVariant(const std::string& folder)
{
    try {
        const WanFolderInfo info = readWanFolderInfo(folder);
        return info.expandTimesteps ? WanVariant::TI2V22 : WanVariant::I2V21;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string WanFamily::id() const { return m_variant == WanVariant::I2V21 ? "wan2.1-i2v" : "wan2.2-ti2v"; }

std::string WanFamily::displayName() const
{
    return m_variant == WanVariant::I2V21 ? "Wan2.1 I2V" : "Wan2.2 TI2V";
}

std::string WanFamily::description() const
{
    if (m_variant == WanVariant::I2V21)
        return "Wan2.1 image-to-video (Wan-AI/Wan2.1-I2V-14B-480P or 720P, diffusers folder): 14B transformer, "
               "UMT5-XXL text encoder and CLIP image encoder. 832x480, 81 frames needs a 24 GB GPU with block "
               "offload (low-VRAM mode); more memory runs it resident.";
    return "Wan2.2 TI2V-5B (Wan-AI/Wan2.2-TI2V-5B, diffusers folder): 5B transformer with the high-compression "
           "VAE; the picture is the first frame. 1280x704, 121 frames fits a 24 GB GPU with the encoders "
           "offloaded.";
}

bool WanFamily::probe(const std::string& folder) const
{
    const auto variant = probeWanVariant(folder);
    return variant && *variant == m_variant;
}

std::vector<ModelInfo> WanFamily::discover() const
{
    std::vector<ModelInfo> found;
    std::vector<CachedModel> cached;
    try {
        cached = listCachedModels(huggingFaceHubCache());
    } catch (const I2vError&) {
        return found;
    }
    for (const CachedModel& model : cached)
        if (probe(model.snapshot.string()))
            found.push_back({id(), model.snapshot.string(), model.repoId, model.revision});
    return found;
}

std::unique_ptr<Pipeline> WanFamily::load(const std::string& folder, const LoadOptions& options) const
{
    if (!probe(folder))
        fail(ErrorCode::ModelInvalid, folder + ": not a " + displayName() + " folder (model_index.json)");
    const DeviceChoice choice = resolveDevice(options.device, options.dtype, /*preferBf16=*/true);
    return WanI2VPipeline::load(folder, choice);
}

std::optional<ModelShape> WanFamily::memoryShape(const std::string& folder) const
{
    try {
        return readWanShape(folder);
    } catch (const std::runtime_error& e) {
        fail(ErrorCode::ModelInvalid, e.what());
    }
}

std::vector<ParamSpec> WanFamily::parameters() const
{
    const bool v21 = m_variant == WanVariant::I2V21;
    const int multiple = v21 ? 16 : 32;
    const std::string reason = v21 ? "the VAE works on 8x8 pixel blocks and the transformer on 2x2 latent patches"
                                   : "the VAE works on 16x16 pixel blocks and the transformer on 2x2 latent patches";
    std::vector<ParamSpec> p;
    p.push_back({"width", "Width", ParamKind::Int, multiple, 2048, v21 ? 832.0 : 1280.0, double(multiple), {},
                 v21 ? "Output width in pixels. The 480P model was trained at 832x480, the 720P one at 1280x720."
                     : "Output width in pixels. The model was trained at 1280x704."});
    p.push_back({"height", "Height", ParamKind::Int, multiple, 2048, v21 ? 480.0 : 704.0, double(multiple), {},
                 "Output height in pixels."});
    for (ParamSpec& size : p) {
        size.multipleOf = multiple;
        size.multipleReason = reason;
    }
    p.push_back({"frames", "Frames", ParamKind::Int, 1, 241, v21 ? 81.0 : 121.0, 4, {},
                 "Number of frames: 4k + 1 (1, 5, 9, ... 81); the VAE packs 4 frames per latent frame after the "
                 "first. Memory and time grow with it."});
    p.back().multipleOf = 4;
    p.back().multipleOffset = 1;
    p.back().multipleReason = "the VAE packs 4 frames per latent frame after the first";
    p.push_back({"fps", "Frames per second", ParamKind::Int, 1, 60, v21 ? 16.0 : 24.0, 1, {},
                 "Playback rate of the clip (the model is not conditioned on it)."});
    p.push_back({"steps", "Steps", ParamKind::Int, 1, 200, v21 ? 40.0 : 50.0, 1, {},
                 "Denoising steps (UniPC multistep, flow matching). 30-50 is typical."});
    p.push_back({"guidance", "Guidance", ParamKind::Float, 1, 20, 5, 0.5, {},
                 "How strongly the prompt steers the video (classifier-free guidance; 1 = off, half the time)."});
    p.push_back({"flow_shift", "Flow shift", ParamKind::Float, 0, 20, 0, 0.5, {},
                 v21 ? "Time shift of the sampler; 0 = the model's (3.0 for the published folders). 3 suits 480p, "
                       "5 suits 720p."
                     : "Time shift of the sampler; 0 = the model's (5.0 for the published folder)."});
    p.push_back({"seed", "Seed", ParamKind::Int, 0, 4294967295.0, 0, 1, {},
                 "Same seed and settings give the same video."});
    return p;
}

} // namespace i2v
