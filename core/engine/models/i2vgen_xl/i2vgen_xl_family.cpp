#include "core/engine/models/i2vgen_xl/i2vgen_xl_family.h"

#include "core/base/error.h"
#include "core/engine/models/i2vgen_xl/pipeline_i2vgen_xl.h"
#include "core/engine/runtime/model_folder.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace i2v {

std::string I2VGenXLFamily::description() const
{
    return "Alibaba's I2VGen-XL image-to-video diffusion model (diffusers folder, about 5 GB in fp16). "
           "Follows the prompt and animates the picture; needs a GPU with 12 GB or more for 512x512, 16 frames.";
}

bool I2VGenXLFamily::probe(const std::string& folder) const
{
    std::ifstream in(std::filesystem::path(folder) / "model_index.json");
    if (!in)
        return false;
    const nlohmann::json index = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    return index.is_object() && index.value("_class_name", std::string()) == "I2VGenXLPipeline";
}

std::vector<ModelInfo> I2VGenXLFamily::discover() const
{
    std::vector<ModelInfo> found;
    std::vector<CachedModel> cached;
    try {
        cached = listCachedModels(huggingFaceHubCache());
    } catch (const I2vError&) {
        return found; // an unreadable cache folder is not an error for discovery
    }
    for (const CachedModel& model : cached)
        if (probe(model.snapshot.string()))
            found.push_back({id(), model.snapshot.string(), model.repoId, model.revision});
    return found;
}

std::unique_ptr<Pipeline> I2VGenXLFamily::load(const std::string& folder, const LoadOptions& options) const
{
    const DeviceChoice choice = resolveDevice(options.device, options.dtype);
    return I2VGenXLPipeline::load(folder, choice);
}

std::optional<ModelShape> I2VGenXLFamily::memoryShape(const std::string& folder) const
{
    try {
        return readI2VGenXLShape(folder);
    } catch (const std::runtime_error& e) {
        fail(ErrorCode::ModelInvalid, e.what());
    }
}

std::vector<ParamSpec> I2VGenXLFamily::parameters() const
{
    std::vector<ParamSpec> p;
    p.push_back({"width", "Width", ParamKind::Int, 64, 2048, 512, 8, {},
                 "Output width in pixels (a multiple of 8). The model was trained at 1280x704; smaller is faster."});
    p.push_back({"height", "Height", ParamKind::Int, 64, 2048, 512, 8, {},
                 "Output height in pixels (a multiple of 8)."});
    for (ParamSpec& size : p) { // width and height (the only entries so far): the VAE downsamples by 8
        size.multipleOf = 8;
        size.multipleReason = "the VAE works on 8x8 pixel blocks";
    }
    p.push_back({"frames", "Frames", ParamKind::Int, 1, 64, 16, 1, {},
                 "Number of frames to generate. Memory and time grow with it."});
    p.push_back({"steps", "Steps", ParamKind::Int, 1, 200, 50, 1, {},
                 "Denoising steps (DDIM). More steps: finer detail, slower. 25-50 is typical."});
    p.push_back({"guidance", "Guidance", ParamKind::Float, 1, 20, 9, 0.5, {},
                 "How strongly the prompt steers the video (classifier-free guidance; 1 = off)."});
    p.push_back({"fps", "Frames per second", ParamKind::Int, 1, 60, 16, 1, {},
                 "Playback rate of the clip; the model is also conditioned on it (motion speed)."});
    p.push_back({"seed", "Seed", ParamKind::Int, 0, 4294967295.0, 0, 1, {},
                 "Same seed and settings give the same video."});
    p.push_back({"decode_chunk", "Decode chunk", ParamKind::Int, 1, 64, 1, 1, {},
                 "Frames decoded by the VAE at once. Lower uses less memory; higher is a little faster."});
    return p;
}

} // namespace i2v
