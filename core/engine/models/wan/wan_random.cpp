#include "core/engine/models/wan/wan_random.h"

#include "core/base/error.h"
#include "core/engine/models/wan/wan_vae.h"
#include "core/engine/nn/layers.h"

#include "core/engine/models/clip/modeling_clip.h"
#include "core/engine/models/wan/umt5.h"
#include "core/engine/models/wan/wan_image.h"
#include "core/engine/schedulers/flow_scheduler.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace i2v {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

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

void divide(json& j, const char* key, int scale, const std::string& file)
{
    if (!j.contains(key) || j[key].is_null())
        return;
    if (!j[key].is_number_integer())
        fail(ErrorCode::ModelInvalid, file + ": \"" + key + "\" is not an integer");
    const std::int64_t v = j[key].get<std::int64_t>();
    if (v % scale != 0 || v / scale < 1)
        fail(ErrorCode::InvalidArgument, file + ": \"" + key + "\" = " + std::to_string(v) +
                                             " cannot be divided by scale " + std::to_string(scale));
    j[key] = v / scale;
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
        } else if (p.dim() == 1 && (name.find("norm") != std::string::npos || name.find("gamma") != std::string::npos)) {
            value = torch::ones(p.sizes());
        } else {
            value = torch::randn(p.sizes(), gen, torch::TensorOptions()) * 0.02;
        }
        p.copy_(value);
    }
}

std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail(ErrorCode::FileNotFound, path.string() + " not found");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

void writeScaledWanConfigs(const fs::path& src, const fs::path& out, int scale)
{
    if (scale < 1 || scale > 32 || (scale & (scale - 1)) != 0)
        fail(ErrorCode::InvalidArgument, "scale = " + std::to_string(scale) + " must be a power of two in 1..32");
    fs::create_directories(out);
    fs::copy_file(src / "model_index.json", out / "model_index.json", fs::copy_options::overwrite_existing);
    for (const char* folder : {"scheduler", "tokenizer", "image_processor"}) {
        if (fs::exists(src / folder)) {
            fs::create_directories(out / folder);
            fs::copy(src / folder, out / folder, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        }
    }
    {
        const fs::path f = src / "transformer" / "config.json";
        json j = readJson(f);
        for (const char* key : {"num_attention_heads", "ffn_dim", "text_dim", "image_dim", "added_kv_proj_dim"})
            divide(j, key, scale, f.string());
        writeJson(out / "transformer" / "config.json", j);
    }
    {
        const fs::path f = src / "text_encoder" / "config.json";
        json j = readJson(f);
        for (const char* key : {"d_model", "d_ff", "num_heads"})
            divide(j, key, scale, f.string());
        writeJson(out / "text_encoder" / "config.json", j);
    }
    if (fs::exists(src / "image_encoder" / "config.json")) {
        const fs::path f = src / "image_encoder" / "config.json";
        json j = readJson(f);
        for (const char* key : {"hidden_size", "intermediate_size", "num_attention_heads", "projection_dim"})
            divide(j, key, scale, f.string());
        writeJson(out / "image_encoder" / "config.json", j);
    }
    {
        const fs::path f = src / "vae" / "config.json";
        json j = readJson(f);
        for (const char* key : {"base_dim", "decoder_base_dim"})
            divide(j, key, scale, f.string());
        writeJson(out / "vae" / "config.json", j);
    }
}

std::shared_ptr<WanComponents> buildRandomWanComponents(const fs::path& folder, const fs::path& tokenizerFolder,
                                                        torch::Dtype dtype, const torch::Device& device,
                                                        std::uint64_t seed)
{
    const WanFolderInfo info = readWanFolderInfo(folder);
    auto c = std::make_shared<WanComponents>();
    c->pipelineClass = info.pipelineClass;
    c->expandTimesteps = info.expandTimesteps;
    c->encoderDevice = device;
    c->schedulerSource = (folder / "scheduler" / "scheduler_config.json").string();
    c->schedulerJson = readText(c->schedulerSource);
    (void)makeFlowScheduler(c->schedulerJson, c->schedulerSource);

    const wan::WanVaeConfig vc = wan::loadWanVaeConfig(folder / "vae" / "config.json");
    wan::requireLatentStatistics(vc, (folder / "vae" / "config.json").string());
    wan::AutoencoderKLWan vae{nullptr};
    {
        const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(torch::kFloat32));
        vae = wan::AutoencoderKLWan(vc);
    }
    initRandom(*vae, seed + 1);
    vae->eval();
    c->zDim = vc.zDim;
    c->latentsMean = vc.latentsMean;
    c->latentsStd = vc.latentsStd;
    c->vaeScaleSpatial = static_cast<int>(vc.scaleFactorSpatial.value_or(vc.spatialStride()));
    c->vaeScaleTemporal = static_cast<int>(vc.scaleFactorTemporal.value_or(vc.temporalStride()));
    c->vaeModule = vae.ptr();
    c->vaeEncodeMean = [vae](const torch::Tensor& v) mutable { return vae->encodeMean(v); };
    c->vaeDecode = [vae](const torch::Tensor& z) mutable { return vae->decode(z); };

    const wan::WanTransformerConfig tc = wan::loadWanTransformerConfig(folder / "transformer" / "config.json");
    {
        const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(dtype));
        c->transformer = wan::WanTransformer3DModel(tc);
    }
    initRandom(*c->transformer, seed + 2);
    c->transformer->eval();
    c->textDim = tc.textDim;

    c->tokenizer = std::make_shared<T5Tokenizer>(T5Tokenizer::fromFolder(tokenizerFolder));
    {
        const UMT5Config uc = loadUMT5Config(folder / "text_encoder" / "config.json");
        UMT5EncoderModel encoder{nullptr};
        {
            const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(dtype));
            encoder = UMT5EncoderModel(uc);
        }
        initRandom(*encoder, seed + 3);
        encoder->eval();
        c->textEncoderModule = encoder.ptr();
        c->textEncoder = [encoder](const torch::Tensor& ids, const torch::Tensor& mask) mutable {
            return encoder->forward(ids, mask);
        };
    }
    if (tc.hasImageInput()) {
        const CLIPVisionConfig vc2 = loadCLIPVisionConfig(folder / "image_encoder" / "config.json");
        CLIPVisionModel encoder{nullptr};
        {
            const nn::ParameterOptionsGuard onDevice(torch::TensorOptions().device(device).dtype(torch::kFloat32));
            encoder = CLIPVisionModel(vc2);
        }
        initRandom(*encoder, seed + 4);
        encoder->eval();
        const WanImageProcessorConfig processor =
            loadWanImageProcessorConfig(folder / "image_processor" / "preprocessor_config.json");
        c->imageEncoderModule = encoder.ptr();
        c->imageEncoder = [encoder, processor](const Image& image) mutable {
            return wanEncodeImage(encoder, image, processor);
        };
    }
    return c;
}

} // namespace i2v
