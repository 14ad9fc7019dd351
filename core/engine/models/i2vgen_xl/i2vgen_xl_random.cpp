#include "core/engine/models/i2vgen_xl/i2vgen_xl_random.h"

#include "core/base/error.h"
#include "core/engine/nn/layers.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace i2v {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json readJson(const fs::path& path)
{
    std::ifstream in(path);
    if (!in)
        fail(ErrorCode::FileNotFound, path.string() + ": config not found");
    json j = json::parse(in, nullptr, false);
    if (!j.is_object())
        fail(ErrorCode::ModelInvalid, path.string() + ": not a JSON object");
    return j;
}

void writeJson(const fs::path& path, const json& j)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path);
    out << j.dump(2);
    if (!out)
        fail(ErrorCode::OutputUnwritable, path.string() + ": cannot write the scaled config");
}

// Divides j[key] (an integer or a list of integers) by scale; `minimum` keeps head counts >= 1.
void divide(json& j, const char* key, int scale, const std::string& file, std::int64_t minimum = 1)
{
    if (!j.contains(key) || j[key].is_null())
        return;
    const auto one = [&](json& v) {
        if (!v.is_number_integer())
            fail(ErrorCode::ModelInvalid, file + ": \"" + key + "\" is not an integer");
        const std::int64_t value = v.get<std::int64_t>();
        if (value % scale != 0 || value / scale < minimum)
            fail(ErrorCode::InvalidArgument, file + ": \"" + key + "\" = " + std::to_string(value) +
                                                 " cannot be divided by scale " + std::to_string(scale));
        v = value / scale;
    };
    if (j[key].is_array())
        for (json& v : j[key])
            one(v);
    else
        one(j[key]);
}

void initRandom(torch::nn::Module& module, std::uint64_t seed)
{
    torch::NoGradGuard noGrad;
    const at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto& item : module.named_parameters(true)) {
        torch::Tensor& p = item.value();
        const std::string& name = item.key();
        const bool isBias = name.size() >= 4 && name.compare(name.size() - 4, 4, "bias") == 0;
        torch::Tensor value;
        if (isBias) {
            value = torch::zeros(p.sizes());
        } else if (p.dim() >= 2) {
            const double fanIn = static_cast<double>(p.numel() / p.size(0));
            value = torch::randn(p.sizes(), gen, torch::TensorOptions()) / std::sqrt(fanIn);
        } else if (p.dim() == 1 && name.find("norm") != std::string::npos) {
            value = torch::ones(p.sizes());
        } else {
            value = torch::randn(p.sizes(), gen, torch::TensorOptions()) * 0.02;
        }
        p.copy_(value); // converts to the parameter's device and dtype
    }
}

template <typename M>
void finish(M& module, std::uint64_t seed, torch::Dtype dtype, const torch::Device& device)
{
    initRandom(*module, seed);
    // Module::to(device, dtype) would also cast integer buffers (CLIP's position_ids) to the float
    // dtype; only floating-point tensors change dtype here.
    module->to(device);
    torch::NoGradGuard noGrad;
    for (auto& p : module->parameters(true))
        if (p.is_floating_point() && p.scalar_type() != dtype)
            p.set_data(p.to(dtype));
    for (auto& b : module->buffers(true))
        if (b.is_floating_point() && b.scalar_type() != dtype)
            b.set_data(b.to(dtype));
    module->eval();
}

} // namespace

void writeScaledI2VGenXLConfigs(const fs::path& in, const fs::path& out, int scale)
{
    if (scale < 1 || scale > 32 || (scale & (scale - 1)) != 0)
        fail(ErrorCode::InvalidArgument, "scale = " + std::to_string(scale) + " must be 1, 2, 4, 8, 16 or 32");
    fs::create_directories(out);
    for (const char* file : {"model_index.json", "scheduler/scheduler_config.json",
                             "feature_extractor/preprocessor_config.json"}) {
        fs::create_directories((out / file).parent_path());
        fs::copy_file(in / file, out / file, fs::copy_options::overwrite_existing);
    }
    const auto scaled = [&](const char* file, const std::vector<const char*>& keys,
                            const std::vector<const char*>& headKeys) {
        json j = readJson(in / file);
        for (const char* key : keys)
            divide(j, key, scale, (in / file).string());
        for (const char* key : headKeys)
            divide(j, key, scale, (in / file).string(), 1);
        writeJson(out / file, j);
    };
    scaled("unet/config.json", {"block_out_channels", "cross_attention_dim", "norm_num_groups"},
           {"attention_head_dim", "num_attention_heads"});
    scaled("text_encoder/config.json", {"hidden_size", "intermediate_size", "projection_dim"},
           {"num_attention_heads"});
    scaled("image_encoder/config.json", {"hidden_size", "intermediate_size", "projection_dim"},
           {"num_attention_heads"});
    scaled("vae/config.json", {"block_out_channels", "norm_num_groups"}, {});
}

std::shared_ptr<I2VGenXLComponents> buildRandomI2VGenXLComponents(const fs::path& folder,
                                                                  const fs::path& tokenizerFolder,
                                                                  torch::Dtype dtype, const torch::Device& device,
                                                                  std::uint64_t seed)
{
    auto c = std::make_shared<I2VGenXLComponents>();
    c->scheduler = DDIMSchedulerConfig::fromFile(folder / "scheduler" / "scheduler_config.json");
    c->tokenizer = std::make_shared<ClipTokenizer>(ClipTokenizer::fromFolder(tokenizerFolder));
    c->featureExtractor = loadClipImageProcessorConfig(folder / "feature_extractor" / "preprocessor_config.json");
    c->textEncoder = CLIPTextModel(loadCLIPTextConfig(folder / "text_encoder" / "config.json"));
    finish(c->textEncoder, seed + 1, dtype, device);
    c->imageEncoder =
        CLIPVisionModelWithProjection(loadCLIPVisionConfig(folder / "image_encoder" / "config.json"));
    finish(c->imageEncoder, seed + 2, dtype, device);
    {
        // Layers of core/engine/nn allocate their (uninitialised) parameters where this guard says, so
        // the real-size UNet never needs an fp32 CPU copy.
        const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(dtype));
        c->vae = AutoencoderKL(loadAutoencoderKLConfig(folder / "vae" / "config.json"));
        c->unet = i2vgenxl::I2VGenXLUNet(i2vgenxl::loadUNetConfig(folder / "unet" / "config.json"));
    }
    finish(c->vae, seed + 3, dtype, device);
    finish(c->unet, seed + 4, dtype, device);
    return c;
}

std::int64_t parameterCount(const torch::nn::Module& module)
{
    std::int64_t n = 0;
    for (const auto& p : module.parameters(true))
        n += p.numel();
    return n;
}

} // namespace i2v
