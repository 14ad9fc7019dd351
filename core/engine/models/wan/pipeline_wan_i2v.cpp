// Port of diffusers pipelines/wan/pipeline_wan_i2v.py (diffusers 0.42.1). See the header for the contract and
// the deliberate deviations.
#include "core/engine/models/wan/pipeline_wan_i2v.h"

#include "core/engine/api/runtime_info.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/engine/models/clip/image_processing.h"
#include "core/engine/runtime/device.h"
#include "core/engine/runtime/errors.h"
#include "core/base/model_shape.h"

#include <cstring>
#include <limits>

namespace i2v {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::uint64_t fingerprint(const Image& image)
{
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&h](std::uint8_t byte) {
        h ^= byte;
        h *= 1099511628211ull;
    };
    for (int shift = 0; shift < 32; shift += 8) {
        mix(static_cast<std::uint8_t>(image.width >> shift));
        mix(static_cast<std::uint8_t>(image.height >> shift));
    }
    for (std::uint8_t byte : image.rgb)
        mix(byte);
    return h;
}

// Low-VRAM mode: a module kept in system RAM visits the pipeline's device for one call.
class ModuleVisit {
public:
    ModuleVisit(const std::shared_ptr<torch::nn::Module>& module, const torch::Device& device, bool active)
        : m_module(module), m_active(active && module)
    {
        if (m_active)
            m_module->to(device);
    }
    ~ModuleVisit()
    {
        if (!m_active)
            return;
        try {
            m_module->to(torch::kCPU);
        } catch (const std::exception& e) {
            logWarning(std::string("low-VRAM mode: could not move an encoder back to system RAM: ") + e.what());
        }
    }
    ModuleVisit(const ModuleVisit&) = delete;
    ModuleVisit& operator=(const ModuleVisit&) = delete;

private:
    std::shared_ptr<torch::nn::Module> m_module;
    bool m_active;
};

torch::Tensor statsView(const std::vector<double>& values, std::int64_t z)
{
    std::vector<float> f(values.begin(), values.end());
    return torch::tensor(f, torch::kFloat32).view({1, z, 1, 1, 1});
}

} // namespace

WanI2VPipeline::WanI2VPipeline(std::shared_ptr<WanComponents> components, const DeviceChoice& choice,
                               std::string modelId, std::string revision)
    : m_c(std::move(components)), m_choice(choice),
      m_memoryMode(choice.device.is_cuda() ? MemoryMode::Resident : MemoryMode::Cpu), m_modelId(std::move(modelId)),
      m_revision(std::move(revision))
{
    if (!m_c || !m_c->transformer)
        fail(ErrorCode::Internal, "Wan pipeline without a transformer");
}

WanI2VPipeline::~WanI2VPipeline() = default;

std::unique_ptr<WanI2VPipeline> WanI2VPipeline::load(const std::filesystem::path& folder, const DeviceChoice& choice)
{
    const ModelFolder model = openWanFolder(folder);
    // Low-VRAM mode keeps the encoders in system RAM and also streams the transformer's blocks when its weights
    // take more than half the card (the 14B Wan2.1 models, 30.5 GiB in bf16, on a 24 GB card).
    MemoryModeInputs inputs;
    inputs.cuda = choice.device.is_cuda();
    inputs.bytesPerElement = static_cast<int>(c10::elementSize(choice.dtype));
    inputs.deviceBytes = inputs.cuda ? deviceTotalBytes(choice.device) : 0;
    inputs.lowVram = lowVramMode();
    ModelShape shape;
    try {
        shape = readWanShape(folder);
    } catch (const std::runtime_error& e) {
        fail(ErrorCode::ModelInvalid, e.what());
    }
    const MemoryMode mode = planMemoryMode(shape, inputs);
    const bool offload = mode == MemoryMode::EncoderOffload || mode == MemoryMode::BlockOffload;
    const bool stream = mode == MemoryMode::BlockOffload;
    auto components = withTorchErrors("loading " + folder.string(), [&] {
        return loadWanComponents(model, choice.dtype, choice.device,
                                 offload ? std::optional<torch::Device>(torch::kCPU) : std::nullopt, stream);
    });
    std::filesystem::path name = folder.lexically_normal();
    if (name.filename().empty())
        name = name.parent_path();
    const std::string id = model.repoId.empty() ? name.filename().string() : model.repoId;
    auto pipeline = std::make_unique<WanI2VPipeline>(std::move(components), choice, id, model.revision);
    pipeline->m_memoryMode = mode;
    return pipeline;
}

int WanI2VPipeline::spatialMultiple() const
{
    const auto& p = m_c->transformer->config().patchSize;
    return m_c->vaeScaleSpatial * static_cast<int>(std::max(p[1], p[2]));
}

std::unique_ptr<FlowScheduler> WanI2VPipeline::makeScheduler() const
{
    return makeFlowScheduler(m_c->schedulerJson, m_c->schedulerSource);
}

void WanI2VPipeline::checkRequest(const GenerationRequest& r) const
{
    const int m = spatialMultiple();
    const auto& p = m_c->transformer->config().patchSize;
    const int mh = m_c->vaeScaleSpatial * static_cast<int>(p[1]);
    const int mw = m_c->vaeScaleSpatial * static_cast<int>(p[2]);
    (void)m;
    if (r.width < mw || r.width % mw != 0)
        fail(ErrorCode::InvalidArgument, "width = " + std::to_string(r.width) + " must be a positive multiple of " +
                                             std::to_string(mw) + " (VAE factor x transformer patch)");
    if (r.height < mh || r.height % mh != 0)
        fail(ErrorCode::InvalidArgument, "height = " + std::to_string(r.height) +
                                             " must be a positive multiple of " + std::to_string(mh) +
                                             " (VAE factor x transformer patch)");
    const int tf = m_c->vaeScaleTemporal;
    if (r.frames < 1 || (r.frames - 1) % tf != 0)
        fail(ErrorCode::InvalidArgument, "frames = " + std::to_string(r.frames) + " must be of the form " +
                                             std::to_string(tf) + "k + 1 (1, " + std::to_string(tf + 1) + ", " +
                                             std::to_string(2 * tf + 1) + ", ...): the VAE packs " +
                                             std::to_string(tf) + " frames per latent frame after the first");
    if (r.steps < 1 || r.steps > 1000)
        fail(ErrorCode::InvalidArgument, "steps = " + std::to_string(r.steps) + " must be between 1 and 1000");
    if (!(r.guidance >= 0) || !std::isfinite(r.guidance))
        fail(ErrorCode::InvalidArgument, "guidance must be a number >= 0");
    if (!(r.flowShift >= 0) || !std::isfinite(r.flowShift) || r.flowShift > 1000)
        fail(ErrorCode::InvalidArgument, "flow shift must be 0 (the model's) or a number up to 1000");
    if (r.image.empty())
        fail(ErrorCode::InvalidArgument, "no input image");
}

WanI2VPipeline::Tokens WanI2VPipeline::tokenize(const std::string& text) const
{
    if (!m_c->tokenizer)
        fail(ErrorCode::ModelInvalid, "this model has no tokenizer, so prompts cannot be encoded");
    const T5Encoding enc = m_c->tokenizer->encodePadded(wanPromptClean(text), m_c->maxSequenceLength);
    Tokens t;
    t.ids = torch::tensor(enc.inputIds, torch::kInt64).unsqueeze(0);
    t.mask = torch::tensor(enc.attentionMask, torch::kInt64).unsqueeze(0);
    t.length = enc.length;
    return t;
}

torch::Tensor WanI2VPipeline::encodeText(const std::string& text)
{
    if (const auto it = m_textCache.find(text); it != m_textCache.end())
        return it->second;
    torch::NoGradGuard noGrad;
    const Tokens t = tokenize(text);
    torch::Tensor hidden;
    {
        const bool visit = m_c->encoderDevice != m_choice.device;
        const ModuleVisit v(m_c->textEncoderModule, m_choice.device, visit);
        const torch::Device where = visit ? m_choice.device : m_c->encoderDevice;
        hidden = m_c->textEncoder(t.ids.to(where), t.mask.to(where));
    }
    hidden = hidden.to(m_choice.device, m_choice.dtype);
    // prompt_embeds = [u[:v] ... zero-padded to max_sequence_length]
    if (t.length < hidden.size(1))
        hidden.slice(1, t.length).zero_();
    m_textCache.emplace(text, hidden);
    return hidden;
}

torch::Tensor WanI2VPipeline::encodeImage(const Image& image)
{
    if (!m_c->hasImageEncoder())
        return {};
    const std::uint64_t key = fingerprint(image);
    if (const auto it = m_imageCache.find(key); it != m_imageCache.end())
        return it->second;
    torch::NoGradGuard noGrad;
    torch::Tensor embeds;
    {
        const bool visit = m_c->encoderDevice != m_choice.device;
        const ModuleVisit v(m_c->imageEncoderModule, m_choice.device, visit);
        embeds = m_c->imageEncoder(image);
    }
    embeds = embeds.to(m_choice.device, m_choice.dtype);
    m_imageCache.emplace(key, embeds);
    return embeds;
}

torch::Tensor WanI2VPipeline::preprocessImage(const Image& image, int width, int height)
{
    const Image resized = pilResize(image, width, height, PilFilter::Lanczos);
    return imageToUnitTensor(resized) * 2.0 - 1.0;
}

torch::Tensor WanI2VPipeline::initialNoise(std::int64_t seed, int frames, int height, int width) const
{
    const int s = m_c->vaeScaleSpatial;
    const std::int64_t f = (frames - 1) / m_c->vaeScaleTemporal + 1;
    auto gen = at::make_generator<at::CPUGeneratorImpl>(torchGeneratorSeed(seed));
    return torch::randn({1, m_c->zDim, f, height / s, width / s}, gen, torch::TensorOptions().dtype(torch::kFloat32));
}

void WanI2VPipeline::prepareCondition(const torch::Tensor& pixels, int frames, WanConditioning& cond) const
{
    torch::NoGradGuard noGrad;
    const std::int64_t H = pixels.size(2), W = pixels.size(3);
    torch::Tensor video = pixels.unsqueeze(2);
    if (!m_c->expandTimesteps && frames > 1)
        video = torch::cat({video, torch::zeros({pixels.size(0), pixels.size(1), frames - 1, H, W}, pixels.options())}, 2);
    torch::Tensor mean = m_c->vaeEncodeMean(video.to(m_choice.device, m_c->vaeDtype)).to(torch::kFloat32);
    const torch::Tensor lm = statsView(m_c->latentsMean, m_c->zDim).to(mean.device());
    const torch::Tensor invStd = (1.0 / statsView(m_c->latentsStd, m_c->zDim)).to(mean.device());
    const torch::Tensor normalised = (mean - lm) * invStd;
    const std::int64_t f = (frames - 1) / m_c->vaeScaleTemporal + 1;
    const std::int64_t h = H / m_c->vaeScaleSpatial, w = W / m_c->vaeScaleSpatial;
    if (m_c->expandTimesteps) {
        cond.condition = normalised;
        cond.firstFrameMask = torch::ones({1, 1, f, h, w}, normalised.options());
        cond.firstFrameMask.select(2, 0).zero_();
    } else {
        torch::Tensor mask = torch::zeros({normalised.size(0), m_c->vaeScaleTemporal, f, h, w}, normalised.options());
        mask.select(2, 0).fill_(1.0);
        cond.condition = torch::cat({mask, normalised}, 1);
    }
}

torch::Tensor WanI2VPipeline::modelInput(const torch::Tensor& latents, const WanConditioning& cond) const
{
    if (m_c->expandTimesteps)
        return ((1 - cond.firstFrameMask) * cond.condition + cond.firstFrameMask * latents).to(m_choice.dtype);
    return torch::cat({latents, cond.condition}, 1).to(m_choice.dtype);
}

torch::Tensor WanI2VPipeline::modelTimestep(const torch::Tensor& t, const torch::Tensor& latents,
                                            const WanConditioning& cond) const
{
    const torch::Tensor td = t.to(latents.device());
    if (m_c->expandTimesteps) {
        const auto& p = m_c->transformer->config().patchSize;
        const torch::Tensor m = cond.firstFrameMask[0][0].slice(1, 0, c10::nullopt, p[1]).slice(2, 0, c10::nullopt, p[2]);
        return (m * td).flatten().unsqueeze(0).expand({latents.size(0), -1});
    }
    return td.expand({latents.size(0)});
}

torch::Tensor WanI2VPipeline::transformer(const torch::Tensor& input, const torch::Tensor& timestep,
                                          const torch::Tensor& text, const torch::Tensor& image,
                                          const CancelToken* cancel) const
{
    torch::NoGradGuard noGrad;
    // Block offload: the streamer copies each block's weights in just before it runs; cancellation is checked
    // before every block either way.
    wan::WanBlockCallbacks callbacks = m_c->streamer ? m_c->streamer->callbacks() : wan::WanBlockCallbacks{};
    if (cancel) {
        auto inner = callbacks.before;
        callbacks.before = [cancel, inner](std::int64_t index, torch::nn::Module& block) {
            cancel->throwIfCancelled();
            if (inner)
                inner(index, block);
        };
    }
    return m_c->transformer->forward(input.to(m_choice.device), timestep, text, image, {}, callbacks);
}

torch::Tensor WanI2VPipeline::guide(const torch::Tensor& cond, const torch::Tensor& uncond, double guidance)
{
    return (uncond + guidance * (cond - uncond)).to(torch::kFloat32);
}

torch::Tensor WanI2VPipeline::decodeLatents(const torch::Tensor& latentsIn, const WanConditioning& cond) const
{
    torch::NoGradGuard noGrad;
    torch::Tensor latents = latentsIn;
    if (m_c->expandTimesteps)
        latents = (1 - cond.firstFrameMask) * cond.condition + cond.firstFrameMask * latents;
    latents = latents.to(m_choice.device, m_c->vaeDtype);
    const torch::Tensor lm = statsView(m_c->latentsMean, m_c->zDim).to(latents.device(), latents.scalar_type());
    const torch::Tensor invStd =
        (1.0 / statsView(m_c->latentsStd, m_c->zDim)).to(latents.device(), latents.scalar_type());
    latents = latents / invStd + lm;
    return m_c->vaeDecode(latents).to(torch::kFloat32);
}

torch::Tensor WanI2VPipeline::postprocessFloat(const torch::Tensor& video)
{
    const torch::Tensor frames = video[0].permute({1, 0, 2, 3}).to(torch::kCPU, torch::kFloat32); // [T, 3, H, W]
    return (frames / 2 + 0.5).clamp(0, 1).permute({0, 2, 3, 1}).contiguous();
}

std::vector<Image> WanI2VPipeline::toImages(const torch::Tensor& framesFloat)
{
    const torch::Tensor bytes = (framesFloat * 255).round().to(torch::kUInt8).contiguous();
    std::vector<Image> images;
    for (std::int64_t i = 0; i < bytes.size(0); ++i) {
        Image image(static_cast<int>(bytes.size(2)), static_cast<int>(bytes.size(1)));
        const torch::Tensor frame = bytes[i].contiguous();
        std::memcpy(image.rgb.data(), frame.data_ptr<std::uint8_t>(), image.rgb.size());
        images.push_back(std::move(image));
    }
    return images;
}

Image WanI2VPipeline::previewImage(const torch::Tensor& latents) const
{
    // A cheap look at the first latent frame: the first three latent channels as RGB, each stretched to
    // [0, 1] (no published latent->RGB map is used), upsampled by the VAE factor.
    torch::NoGradGuard noGrad;
    torch::Tensor x = latents[0].select(1, 0).to(torch::kCPU, torch::kFloat32).slice(0, 0, 3); // [3, h, w]
    if (x.size(0) < 3)
        x = x.mean(0, true).expand({3, x.size(1), x.size(2)});
    const auto lo = x.amin({1, 2}, true), hi = x.amax({1, 2}, true);
    x = (x - lo) / (hi - lo + 1e-6);
    const double f = m_c->vaeScaleSpatial;
    x = torch::nn::functional::interpolate(
        x.unsqueeze(0),
        torch::nn::functional::InterpolateFuncOptions().scale_factor(std::vector<double>{f, f}).mode(torch::kNearest));
    return toImages(x.permute({0, 2, 3, 1}))[0];
}

WanConditioning WanI2VPipeline::prepareConditioning(const GenerationRequest& r, const ProgressObserver& observer)
{
    const auto emit = [&](Stage stage, const std::string& message) {
        if (observer) {
            ProgressEvent e;
            e.stage = stage;
            e.memoryBytes = memoryInUseBytes(m_choice.device);
            e.message = message;
            observer(e);
        }
    };
    WanConditioning cond;
    cond.cfg = r.guidance > 1.0;
    emit(Stage::EncodingPrompt, "text encoder (UMT5)");
    auto start = Clock::now();
    cond.promptEmbeds = withTorchErrors("text encoder", [&] { return encodeText(r.prompt); });
    if (cond.cfg)
        cond.negativeEmbeds = withTorchErrors("text encoder", [&] { return encodeText(r.negativePrompt); });
    m_timings.textMs = msSince(start);

    emit(Stage::EncodingImage, m_c->hasImageEncoder() ? "image encoder and VAE encoder" : "VAE encoder");
    start = Clock::now();
    cond.imageEmbeds = withTorchErrors("image encoder", [&] { return encodeImage(r.image); });
    m_timings.imageMs = msSince(start);
    start = Clock::now();
    withTorchErrors("VAE encoder", [&] {
        prepareCondition(preprocessImage(r.image, r.width, r.height), r.frames, cond);
        return 0;
    });
    synchronizeDevice(m_choice.device);
    m_timings.vaeEncodeMs = msSince(start);
    return cond;
}

GenerationResult WanI2VPipeline::run(const GenerationRequest& r, const ProgressObserver& observer,
                                     const CancelToken& cancel)
{
    const auto start = Clock::now();
    checkRequest(r);
    m_timings = {};
    const auto emit = [&](ProgressEvent e) {
        e.elapsedMs = msSince(start);
        e.memoryBytes = memoryInUseBytes(m_choice.device);
        if (observer)
            observer(e);
    };
    const ProgressObserver stamped = [&](const ProgressEvent& e) { emit(e); };

    cancel.throwIfCancelled();
    std::unique_ptr<FlowScheduler> scheduler = makeScheduler();
    scheduler->setTimesteps(r.steps, r.flowShift > 0 ? std::optional<double>(r.flowShift) : std::nullopt);
    WanConditioning cond = prepareConditioning(r, stamped);
    cancel.throwIfCancelled();

    torch::Tensor latents = withTorchErrors("initial noise", [&] {
        return initialNoise(r.seed, r.frames, r.height, r.width).to(m_choice.device);
    });
    const int total = static_cast<int>(scheduler->timestepValues().size());
    for (int i = 0; i < total; ++i) {
        cancel.throwIfCancelled();
        const auto stepStart = Clock::now();
        const std::string stage = "denoising step " + std::to_string(i + 1) + "/" + std::to_string(total);
        latents = withTorchErrors(stage, [&] {
            torch::NoGradGuard noGrad;
            const torch::Tensor t = scheduler->timestepTensor(static_cast<std::size_t>(i));
            const torch::Tensor input = modelInput(latents, cond);
            const torch::Tensor timestep = modelTimestep(t, latents, cond);
            torch::Tensor noisePred = transformer(input, timestep, cond.promptEmbeds, cond.imageEmbeds, &cancel);
            if (cond.cfg) {
                const torch::Tensor uncond =
                    transformer(input, timestep, cond.negativeEmbeds, cond.imageEmbeds, &cancel);
                noisePred = guide(noisePred, uncond, r.guidance);
            } else {
                noisePred = noisePred.to(torch::kFloat32);
            }
            return scheduler->step(noisePred, latents);
        });
        synchronizeDevice(m_choice.device);
        m_timings.stepMs.push_back(msSince(stepStart));
        if (!latents.isfinite().all().item<bool>())
            fail(ErrorCode::ModelInvalid,
                 stage + " produced NaN or infinite values. The model's weights or configs are damaged" +
                     (m_choice.dtype == torch::kFloat16 ? ", or float16 overflowed (try --dtype bfloat16 or float32)"
                                                        : std::string()) +
                     ".");
        ProgressEvent e;
        e.stage = Stage::Denoising;
        e.step = i + 1;
        e.total = total;
        e.message = "step " + std::to_string(i + 1) + "/" + std::to_string(total);
        if (r.previewEvery > 0 && ((i + 1) % r.previewEvery == 0 || i + 1 == total))
            e.preview = std::make_shared<const Image>(withTorchErrors("preview", [&] { return previewImage(latents); }));
        emit(e);
    }

    cancel.throwIfCancelled();
    {
        ProgressEvent e;
        e.stage = Stage::Decoding;
        e.step = 0;
        e.total = 1;
        e.message = "VAE decode";
        emit(e);
    }
    auto decodeStart = Clock::now();
    const torch::Tensor video = withTorchErrors("VAE decoder", [&] { return decodeLatents(latents, cond); });
    m_timings.decodeMs = msSince(decodeStart);
    {
        ProgressEvent e;
        e.stage = Stage::Decoding;
        e.step = 1;
        e.total = 1;
        e.message = "decoded " + std::to_string(video.size(2)) + " frames";
        emit(e);
    }

    GenerationResult result;
    result.frames = toImages(postprocessFloat(video));
    result.fps = r.fps;
    result.family = m_c->expandTimesteps ? "wan2.2-ti2v" : "wan2.1-i2v"; // the family ids (wan_family.h)
    result.modelId = m_modelId;
    result.modelRevision = m_revision;
    result.details["seed"] = std::to_string(r.seed);
    result.details["scheduler"] = scheduler->className();
    result.details["flow_shift"] = r.flowShift > 0 ? std::to_string(r.flowShift) : "model default";
    result.details["variant"] = m_c->expandTimesteps ? "Wan2.2 TI2V" : "Wan2.1 I2V";
    result.details["device"] = m_choice.describe();
    result.details[kMemoryModeDetail] = memoryModeId(m_memoryMode);
    return result;
}

void WanI2VPipeline::releaseCaches()
{
    m_textCache.clear();
    m_imageCache.clear();
}

} // namespace i2v
