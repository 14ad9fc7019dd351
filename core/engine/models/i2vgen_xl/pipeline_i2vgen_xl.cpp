// Port of diffusers pipelines/deprecated/i2vgen_xl/pipeline_i2vgen_xl.py (v0.31.0). See the header for the
// contract and the deliberate deviations.
#include "core/engine/models/i2vgen_xl/pipeline_i2vgen_xl.h"

#include "core/base/memory_mode.h"

#include "core/engine/api/runtime_info.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/engine/models/i2vgen_xl/i2vgen_xl_components.h"
#include "core/engine/runtime/device.h"
#include "core/engine/runtime/errors.h"

#include <array>
#include <cstring>
#include <limits>

namespace i2v {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

at::Generator cpuGenerator(std::int64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(torchGeneratorSeed(seed)); }

// Stable Diffusion's 4-channel latent -> RGB approximation (rows: latent channels, columns: R, G, B),
// applied to the scaled latents; the result is roughly in [-1, 1].
constexpr std::array<std::array<float, 3>, 4> kLatentRgb{{
    {0.3512f, 0.2297f, 0.3227f},
    {0.3250f, 0.4974f, 0.2350f},
    {-0.2829f, 0.1762f, 0.2721f},
    {-0.2120f, -0.2616f, -0.7177f},
}};

} // namespace

std::uint64_t imageFingerprint(const Image& image)
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

I2VGenXLPipeline::I2VGenXLPipeline(std::shared_ptr<I2VGenXLComponents> components, const DeviceChoice& choice,
                                   std::string modelId, std::string revision)
    : m_c(std::move(components)), m_choice(choice), m_modelId(std::move(modelId)), m_revision(std::move(revision))
{
}

I2VGenXLPipeline::~I2VGenXLPipeline() = default;

std::unique_ptr<I2VGenXLPipeline> I2VGenXLPipeline::load(const std::filesystem::path& folder,
                                                         const DeviceChoice& choice)
{
    const ModelFolder model = openI2VGenXLFolder(folder, choice.dtype);
    // planMemoryMode (core/base/memory_mode.h) for this family: encoder offload on CUDA in low-VRAM mode.
    const bool offload = choice.device.is_cuda() && lowVramMode();
    auto components = withTorchErrors("loading " + folder.string(), [&] {
        return loadI2VGenXLComponents(model, choice.dtype, choice.device,
                                      offload ? std::optional<torch::Device>(torch::kCPU) : std::nullopt);
    });
    std::filesystem::path name = folder.lexically_normal();
    if (name.filename().empty())
        name = name.parent_path(); // "dir/" -> "dir"
    const std::string id = model.repoId.empty() ? name.filename().string() : model.repoId;
    auto pipeline = std::make_unique<I2VGenXLPipeline>(std::move(components), choice, id, model.revision);
    pipeline->m_offloadEncoders = offload;
    return pipeline;
}

int I2VGenXLPipeline::vaeScaleFactor() const { return static_cast<int>(m_c->vae->config().spatialScaleFactor()); }
int I2VGenXLPipeline::latentChannels() const { return static_cast<int>(m_c->unet->config().inChannels); }
int I2VGenXLPipeline::tokenLimit() const { return m_c->tokenizer ? m_c->tokenizer->maxLength() : 77; }
const DDIMSchedulerConfig& I2VGenXLPipeline::schedulerConfig() const { return m_c->scheduler; }

void I2VGenXLPipeline::checkRequest(const GenerationRequest& r) const
{
    const int f = vaeScaleFactor();
    if (r.width < f || r.width % f != 0)
        fail(ErrorCode::InvalidArgument, "width = " + std::to_string(r.width) + " must be a positive multiple of " +
                                             std::to_string(f) + " (the VAE's spatial factor)");
    if (r.height < f || r.height % f != 0)
        fail(ErrorCode::InvalidArgument, "height = " + std::to_string(r.height) +
                                             " must be a positive multiple of " + std::to_string(f) +
                                             " (the VAE's spatial factor)");
    if (r.frames < 1)
        fail(ErrorCode::InvalidArgument, "frames = " + std::to_string(r.frames) + " must be at least 1");
    if (r.steps < 1 || r.steps > m_c->scheduler.numTrainTimesteps)
        fail(ErrorCode::InvalidArgument, "steps = " + std::to_string(r.steps) + " must be between 1 and " +
                                             std::to_string(m_c->scheduler.numTrainTimesteps));
    if (r.decodeChunk < 1)
        fail(ErrorCode::InvalidArgument, "decode chunk = " + std::to_string(r.decodeChunk) + " must be at least 1");
    if (!(r.guidance >= 0))
        fail(ErrorCode::InvalidArgument, "guidance must not be negative");
    if (r.image.empty())
        fail(ErrorCode::InvalidArgument, "no input image");
}

namespace {

// Low-VRAM mode: an encoder kept in system RAM visits the pipeline's device for one call.
class EncoderVisit {
public:
    EncoderVisit(torch::nn::Module& module, const torch::Device& device, bool offloaded)
        : m_module(module), m_active(offloaded)
    {
        if (m_active)
            m_module.to(device);
    }
    ~EncoderVisit()
    {
        if (!m_active)
            return;
        try {
            m_module.to(torch::kCPU);
        } catch (const std::exception& e) {
            logWarning(std::string("low-VRAM mode: could not move an encoder back to system RAM: ") + e.what());
        }
    }
    EncoderVisit(const EncoderVisit&) = delete;
    EncoderVisit& operator=(const EncoderVisit&) = delete;

private:
    torch::nn::Module& m_module;
    bool m_active;
};

} // namespace

torch::Tensor I2VGenXLPipeline::encodeTokens(const torch::Tensor& ids) const
{
    torch::NoGradGuard noGrad;
    const EncoderVisit visit(*m_c->textEncoder, m_choice.device, m_offloadEncoders);
    return m_c->textEncoder->encodePromptEmbeds(ids.to(m_choice.device), 1);
}

torch::Tensor I2VGenXLPipeline::encodePrompt(const std::string& prompt, const std::string& negativePrompt, bool cfg)
{
    const std::string key = std::string(cfg ? "1" : "0") + '\x1f' + prompt + '\x1f' + negativePrompt;
    if (const auto it = m_promptCache.find(key); it != m_promptCache.end())
        return it->second;
    if (!m_c->tokenizer)
        fail(ErrorCode::ModelInvalid, "this model has no tokenizer folder, so prompts cannot be encoded");
    // The reference encodes prompt and negative prompt in separate calls (batch 1 each).
    const auto ids = [&](const std::string& text) {
        return torch::tensor(m_c->tokenizer->encode(text).inputIds, torch::kInt64).unsqueeze(0); // [1, 77]
    };
    torch::Tensor embeds = encodeTokens(ids(prompt));
    if (cfg)
        embeds = torch::cat({encodeTokens(ids(negativePrompt)), embeds});
    m_promptCache.emplace(key, embeds);
    return embeds;
}

torch::Tensor I2VGenXLPipeline::encodeImage(const Image& image, int width, bool cfg)
{
    const std::string key = std::to_string(imageFingerprint(image)) + ':' + std::to_string(width) + (cfg ? "c" : "");
    if (const auto it = m_imageCache.find(key); it != m_imageCache.end())
        return it->second;
    torch::NoGradGuard noGrad;
    const ClipImageInput input = preprocessForClip(image, width, m_c->featureExtractor);
    torch::Tensor embeds = encodeImagePixels(input.pixelValues.to(m_choice.device, m_choice.dtype)).unsqueeze(1);
    if (cfg)
        embeds = torch::cat({torch::zeros_like(embeds), embeds});
    m_imageCache.emplace(key, embeds);
    return embeds;
}

torch::Tensor I2VGenXLPipeline::encodeImagePixels(const torch::Tensor& pixels) const
{
    torch::NoGradGuard noGrad;
    const EncoderVisit visit(*m_c->imageEncoder, m_choice.device, m_offloadEncoders);
    return m_c->imageEncoder->forward(pixels).imageEmbeds;
}

std::pair<torch::Tensor, torch::Tensor> I2VGenXLPipeline::encodeVaePosteriorFromPixels(const torch::Tensor& pixels) const
{
    torch::NoGradGuard noGrad;
    const DiagonalGaussianDistribution posterior = m_c->vae->encode(pixels);
    return {posterior.mean(), posterior.std()};
}

std::pair<torch::Tensor, torch::Tensor> I2VGenXLPipeline::encodeVaePosterior(const Image& image, int width,
                                                                             int height)
{
    const std::string key =
        std::to_string(imageFingerprint(image)) + ':' + std::to_string(width) + 'x' + std::to_string(height);
    if (const auto it = m_posteriorCache.find(key); it != m_posteriorCache.end())
        return it->second;
    torch::NoGradGuard noGrad;
    const VaeImageInput input = preprocessForVae(image, width, height);
    auto result = encodeVaePosteriorFromPixels(input.pixelValues.to(m_choice.device, m_choice.dtype));
    m_posteriorCache.emplace(key, result);
    return result;
}

torch::Tensor I2VGenXLPipeline::imageLatentsFromNoise(const torch::Tensor& mean, const torch::Tensor& std,
                                                      const torch::Tensor& noise, int frames, bool cfg) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor sample = mean + std * noise.to(mean.device(), mean.scalar_type());
    torch::Tensor latents = (sample * m_c->vae->config().scalingFactor).unsqueeze(2); // [1, C, 1, h, w]
    std::vector<torch::Tensor> planes{latents};
    for (int i = 0; i + 1 < frames; ++i) {
        const double position = static_cast<double>(i + 1) / (frames - 1);
        planes.push_back(torch::ones_like(latents) * position);
    }
    latents = torch::cat(planes, 2);
    return cfg ? torch::cat({latents, latents}) : latents;
}

torch::Tensor I2VGenXLPipeline::initialNoise(std::int64_t seed, int frames, int height, int width) const
{
    const int f = vaeScaleFactor();
    return torch::randn({1, latentChannels(), frames, height / f, width / f}, cpuGenerator(seed),
                        torch::TensorOptions().dtype(torch::kFloat32));
}

torch::Tensor I2VGenXLPipeline::imageLatentNoise(std::int64_t seed, int height, int width) const
{
    const int f = vaeScaleFactor();
    const auto channels = m_c->vae->config().latentChannels;
    return torch::randn({1, channels, height / f, width / f}, cpuGenerator(seed),
                        torch::TensorOptions().dtype(torch::kFloat32));
}

I2VGenXLConditioning I2VGenXLPipeline::prepareConditioning(const GenerationRequest& r,
                                                           const ProgressObserver& observer)
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
    I2VGenXLConditioning cond;
    cond.cfg = r.guidance > 1.0;

    emit(Stage::EncodingPrompt, "text encoder");
    auto start = Clock::now();
    cond.promptEmbeds = withTorchErrors("text encoder", [&] { return encodePrompt(r.prompt, r.negativePrompt, cond.cfg); });
    m_timings.textMs = msSince(start);

    emit(Stage::EncodingImage, "image encoder and VAE encoder");
    start = Clock::now();
    cond.imageEmbeddings = withTorchErrors("image encoder", [&] { return encodeImage(r.image, r.width, cond.cfg); });
    m_timings.imageMs = msSince(start);

    start = Clock::now();
    cond.imageLatents = withTorchErrors("VAE encoder", [&] {
        const auto [mean, std] = encodeVaePosterior(r.image, r.width, r.height);
        const torch::Tensor noise = imageLatentNoise(r.imageNoiseSeed.value_or(r.seed), r.height, r.width);
        return imageLatentsFromNoise(mean, std, noise, r.frames, cond.cfg);
    });
    synchronizeDevice(m_choice.device);
    m_timings.vaeEncodeMs = msSince(start);

    const std::vector<std::int64_t> fps(cond.cfg ? 2 : 1, r.fps);
    cond.fps = torch::tensor(fps, torch::kInt64).to(m_choice.device);
    return cond;
}

torch::Tensor I2VGenXLPipeline::predictNoise(const torch::Tensor& latentModelInput, std::int64_t timestep,
                                             const I2VGenXLConditioning& cond) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor t = torch::tensor(timestep, torch::kInt64).to(m_choice.device);
    if (cond.unetContext)
        return m_c->unet->denoise(latentModelInput, t, cond.fps, *cond.unetContext);
    return m_c->unet->forward(latentModelInput, t, cond.fps, cond.imageLatents, cond.imageEmbeddings,
                              cond.promptEmbeds);
}

void I2VGenXLPipeline::prepareUnetContext(I2VGenXLConditioning& cond) const
{
    torch::NoGradGuard noGrad;
    cond.unetContext = m_c->unet->prepareConditioning(cond.imageLatents, cond.imageEmbeddings, cond.promptEmbeds);
}

torch::Tensor I2VGenXLPipeline::guide(const torch::Tensor& noisePred, double guidance, bool cfg)
{
    if (!cfg)
        return noisePred;
    const auto halves = noisePred.chunk(2);
    return halves[0] + guidance * (halves[1] - halves[0]);
}

torch::Tensor I2VGenXLPipeline::denoiseStep(const DDIMScheduler& scheduler, const torch::Tensor& latents,
                                            std::int64_t timestep, const I2VGenXLConditioning& cond,
                                            double guidance, torch::Tensor* predOriginal) const
{
    torch::NoGradGuard noGrad;
    torch::Tensor input = cond.cfg ? torch::cat({latents, latents}) : latents;
    input = scheduler.scaleModelInput(input, timestep);
    const torch::Tensor noisePred = guide(predictNoise(input, timestep, cond), guidance, cond.cfg);
    // The scheduler sees frames folded into the batch: [B, C, F, h, w] -> [B * F, C, h, w].
    const auto b = latents.size(0), c = latents.size(1), f = latents.size(2), h = latents.size(3),
               w = latents.size(4);
    const auto fold = [&](const torch::Tensor& x) { return x.permute({0, 2, 1, 3, 4}).reshape({b * f, c, h, w}); };
    const auto unfold = [&](const torch::Tensor& x) { return x.reshape({b, f, c, h, w}).permute({0, 2, 1, 3, 4}); };
    const DDIMStepOutput out = scheduler.step(fold(noisePred), timestep, fold(latents));
    if (predOriginal)
        *predOriginal = unfold(out.predOriginalSample);
    return unfold(out.prevSample);
}

torch::Tensor I2VGenXLPipeline::decode(const torch::Tensor& latents, int chunk, const CancelToken* cancel,
                                       const std::function<void(std::int64_t, std::int64_t)>& onChunk) const
{
    torch::NoGradGuard noGrad;
    return m_c->vae->decodeVideo(latents, chunk, cancel, onChunk);
}

torch::Tensor I2VGenXLPipeline::postprocessFloat(const torch::Tensor& video)
{
    // VideoProcessor.postprocess_video: per batch item, frames first, (x / 2 + 0.5).clamp(0, 1), NHWC.
    const torch::Tensor frames = video[0].permute({1, 0, 2, 3}).to(torch::kCPU, torch::kFloat32);
    return (frames / 2 + 0.5).clamp(0, 1).permute({0, 2, 3, 1}).contiguous();
}

std::vector<Image> I2VGenXLPipeline::toImages(const torch::Tensor& framesFloat)
{
    // numpy_to_pil: (images * 255).round().astype("uint8"); round is half-to-even in both.
    const torch::Tensor bytes = (framesFloat * 255).round().to(torch::kUInt8).contiguous();
    std::vector<Image> images;
    const auto count = bytes.size(0);
    for (std::int64_t i = 0; i < count; ++i) {
        Image image(static_cast<int>(bytes.size(2)), static_cast<int>(bytes.size(1)));
        const torch::Tensor frame = bytes[i].contiguous();
        std::memcpy(image.rgb.data(), frame.data_ptr<std::uint8_t>(), image.rgb.size());
        images.push_back(std::move(image));
    }
    return images;
}

Image I2VGenXLPipeline::previewImage(const torch::Tensor& latents, int frame) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor x = latents[0].select(1, frame).to(torch::kCPU, torch::kFloat32); // [C, h, w]
    torch::Tensor rgb; // [3, h, w] roughly in [-1, 1]
    if (x.size(0) == static_cast<std::int64_t>(kLatentRgb.size())) {
        std::vector<float> flat;
        for (const auto& row : kLatentRgb)
            flat.insert(flat.end(), row.begin(), row.end());
        const torch::Tensor map = torch::tensor(flat).reshape({4, 3});
        rgb = torch::einsum("chw,cr->rhw", {x, map});
    } else {
        rgb = x.mean(0, true).expand({3, x.size(1), x.size(2)});
    }
    const int f = vaeScaleFactor();
    rgb = torch::nn::functional::interpolate(
        ((rgb + 1) / 2).clamp(0, 1).unsqueeze(0),
        torch::nn::functional::InterpolateFuncOptions().scale_factor(std::vector<double>{double(f), double(f)})
            .mode(torch::kNearest));
    return toImages(rgb.permute({0, 2, 3, 1}))[0];
}

GenerationResult I2VGenXLPipeline::run(const GenerationRequest& r, const ProgressObserver& observer,
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
    I2VGenXLConditioning cond = prepareConditioning(r, stamped);
    withTorchErrors("UNet conditioning", [&] { prepareUnetContext(cond); });
    cancel.throwIfCancelled();

    DDIMScheduler scheduler(m_c->scheduler);
    scheduler.setTimesteps(r.steps);
    const auto& timesteps = scheduler.timesteps();
    const int total = static_cast<int>(timesteps.size());
    torch::Tensor latents = withTorchErrors("initial noise", [&] {
        return initialNoise(r.seed, r.frames, r.height, r.width).to(m_choice.device, m_choice.dtype) *
               scheduler.initNoiseSigma();
    });

    for (int i = 0; i < total; ++i) {
        cancel.throwIfCancelled();
        const auto stepStart = Clock::now();
        torch::Tensor x0;
        latents = withTorchErrors("denoising step " + std::to_string(i + 1) + "/" + std::to_string(total), [&] {
            return denoiseStep(scheduler, latents, timesteps[static_cast<std::size_t>(i)], cond, r.guidance, &x0);
        });
        synchronizeDevice(m_choice.device);
        m_timings.stepMs.push_back(msSince(stepStart));
        // Non-finite latents can only give a black or noise clip: stop here and say why (exit 4).
        if (!latents.isfinite().all().item<bool>())
            fail(ErrorCode::ModelInvalid,
                 "denoising step " + std::to_string(i + 1) + "/" + std::to_string(total) +
                     " produced NaN or infinite values. The model's weights or configs are damaged" +
                     (m_choice.dtype == torch::kFloat16 ? ", or float16 overflowed (try --dtype bfloat16 or float32)"
                                                        : std::string()) +
                     ".");
        ProgressEvent e;
        e.stage = Stage::Denoising;
        e.step = i + 1;
        e.total = total;
        e.message = "step " + std::to_string(i + 1) + "/" + std::to_string(total);
        const bool last = i + 1 == total;
        if (r.previewEvery > 0 && ((i + 1) % r.previewEvery == 0 || last))
            e.preview = std::make_shared<const Image>(
                withTorchErrors("preview", [&] { return previewImage(x0, 0); }));
        emit(e);
    }

    cancel.throwIfCancelled();
    auto decodeStart = Clock::now();
    const torch::Tensor video = withTorchErrors("VAE decoder", [&] {
        return decode(latents, r.decodeChunk, &cancel, [&](std::int64_t done, std::int64_t all) {
            ProgressEvent e;
            e.stage = Stage::Decoding;
            e.step = static_cast<int>(done);
            e.total = static_cast<int>(all);
            e.message = "decoded " + std::to_string(done) + "/" + std::to_string(all) + " frames";
            emit(e);
        });
    });
    m_timings.decodeMs = msSince(decodeStart);

    decodeStart = Clock::now();
    GenerationResult result;
    result.frames = toImages(postprocessFloat(video));
    m_timings.postprocessMs = msSince(decodeStart);
    result.fps = r.fps;
    result.family = "i2vgen-xl";
    result.modelId = m_modelId;
    result.modelRevision = m_revision;
    result.details["seed"] = std::to_string(r.seed);
    result.details["image_noise_seed"] = std::to_string(r.imageNoiseSeed.value_or(r.seed));
    result.details["scheduler"] = "DDIM (eta 0)";
    result.details["device"] = m_choice.describe();
    result.details["decode_chunk"] = std::to_string(r.decodeChunk);
    result.details[kMemoryModeDetail] = memoryModeId(!m_choice.device.is_cuda() ? MemoryMode::Cpu
                                                     : m_offloadEncoders         ? MemoryMode::EncoderOffload
                                                                                 : MemoryMode::Resident);
    return result;
}

void I2VGenXLPipeline::releaseCaches()
{
    m_promptCache.clear();
    m_imageCache.clear();
    m_posteriorCache.clear();
}

} // namespace i2v
