#pragma once
// I2VGen-XL image-to-video pipeline: a port of diffusers
// pipelines/deprecated/i2vgen_xl/pipeline_i2vgen_xl.py (v0.31.0; functionally unchanged to v0.38.0).
// The reference's steps, in its order: prompt embeddings (clip_skip), image embedding (zeros for the
// unconditional half), image latents with frame-position planes, fps conditioning, DDIM loop with
// classifier-free guidance, chunked VAE decode, post-processing to uint8 frames.
//
// Deviations (deliberate):
// * Seeds. The initial noise comes from a CPU generator seeded with `seed` (as the reference's
//   `torch.Generator("cpu").manual_seed(seed)`); the VAE posterior sample, which the reference draws from
//   torch's *global* RNG, comes from a CPU generator seeded with `imageNoiseSeed` (default `seed`), so a
//   request is reproducible without touching global state. Noise is always drawn in float32 on the CPU
//   and then moved/cast to the device dtype (the reference draws fp16 noise directly in fp16).
// * Embeddings of repeated prompts and images, and the VAE posterior of repeated images, are cached.
// * Progress events, a latent preview and cancellation between steps (see run()).
// * num_videos_per_prompt is 1 (one clip per request); prompt_embeds/latents cannot be injected by users
//   (tests call the stage functions directly).

#include "core/engine/api/pipeline.h"
#include "core/engine/models/i2vgen_xl/unet_i2vgen_xl.h"
#include "core/engine/runtime/device.h"
#include "core/engine/schedulers/scheduling_ddim.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace i2v {

struct I2VGenXLComponents; // the loaded modules (pipeline_i2vgen_xl.cpp)

// What the UNet is conditioned on for one request (CFG halves stacked when guidance > 1).
struct I2VGenXLConditioning {
    torch::Tensor promptEmbeds;    // [B, 77, D] text context, cat([negative, prompt]) with CFG
    torch::Tensor imageEmbeddings; // [B, 1, D] cat([zeros, image_embeds]) with CFG
    torch::Tensor imageLatents;    // [B, C, F, h, w] scaled latents + frame-position planes
    torch::Tensor fps;             // [B] int64
    bool cfg = true;               // guidance > 1
    // The UNet's step-invariant part (context tokens, processed image latents), computed once per run by
    // prepareUnetContext(); when absent every step runs the UNet's full forward.
    std::optional<i2vgenxl::UNetConditioning> unetContext;
};

// Per-stage wall times of the last run (milliseconds), for logs and the benchmark.
struct I2VGenXLTimings {
    double textMs = 0;
    double imageMs = 0;       // CLIP image encoder
    double vaeEncodeMs = 0;
    std::vector<double> stepMs; // one per UNet step (UNet + guidance + scheduler)
    double decodeMs = 0;
    double postprocessMs = 0;
};

class I2VGenXLPipeline : public Pipeline {
public:
    // Loads every component of a diffusers I2VGenXLPipeline folder (strict weights, configs from the
    // files) onto `choice.device` in `choice.dtype`. Throws I2vError (ModelInvalid, WeightsCorrupt,
    // FileNotFound, OutOfMemory, ...).
    static std::unique_ptr<I2VGenXLPipeline> load(const std::filesystem::path& folder, const DeviceChoice& choice);
    // Wraps already built components (the benchmark builds random-weight models from configs).
    I2VGenXLPipeline(std::shared_ptr<I2VGenXLComponents> components, const DeviceChoice& choice,
                     std::string modelId = {}, std::string revision = {});
    ~I2VGenXLPipeline() override;

    GenerationResult run(const GenerationRequest& request, const ProgressObserver& observer,
                         const CancelToken& cancel) override;
    void releaseCaches() override;

    // ---- Stages (public for the golden tests and the benchmark). Shapes for batch B = 2 with CFG. ----
    // Pixels per latent in each direction: 2^(len(vae.block_out_channels) - 1).
    int vaeScaleFactor() const;
    int latentChannels() const; // unet in_channels
    int tokenLimit() const;     // tokenizer model_max_length (77)
    // Throws I2vError(InvalidArgument) naming the parameter when width/height are not multiples of the VAE
    // factor, frames < 1, steps outside 1..num_train_timesteps, or decode chunk < 1.
    void checkRequest(const GenerationRequest& request) const;

    // Tokenizes (pad/truncate to 77) and encodes; clip_skip = 1: final_layer_norm(hidden_states[-2]).
    torch::Tensor encodeTokens(const torch::Tensor& ids) const; // [N, 77] int64 -> [N, 77, D]
    // [2, 77, D] = cat([negative, prompt]) with CFG, else [1, 77, D] (prompt). Cached per text pair.
    torch::Tensor encodePrompt(const std::string& prompt, const std::string& negativePrompt, bool cfg);
    // CLIP image embedding of _center_crop_wide(image, (width, width)) resized to the crop size:
    // [2, 1, D] = cat([zeros, embeds]) with CFG, else [1, 1, D]. Cached per image and width.
    torch::Tensor encodeImage(const Image& image, int width, bool cfg);
    // CLIP image_embeds of normalised pixels [1, 3, crop, crop] (already on the device): [1, D].
    torch::Tensor encodeImagePixels(const torch::Tensor& pixels) const;
    // VAE posterior (mean, std) of pixels [1, 3, H, W] in [-1, 1] (already on the device): [1, C, h, w] each.
    std::pair<torch::Tensor, torch::Tensor> encodeVaePosteriorFromPixels(const torch::Tensor& pixels) const;
    // VAE posterior (mean, std) of _center_crop_wide(image, (width, height)) in [-1, 1]: [1, C, h, w] each.
    // Cached per image and size.
    std::pair<torch::Tensor, torch::Tensor> encodeVaePosterior(const Image& image, int width, int height);
    // Scaled posterior sample (noise [1, C, h, w] float32, drawn by the caller) + frame-position planes
    // (frame i > 0 is a constant plane i / (F - 1)), duplicated for CFG: [B, C, F, h, w] in the model dtype.
    torch::Tensor imageLatentsFromNoise(const torch::Tensor& mean, const torch::Tensor& std,
                                        const torch::Tensor& noise, int frames, bool cfg) const;
    // Everything above for a request (seeds included). Emits EncodingPrompt/EncodingImage events.
    I2VGenXLConditioning prepareConditioning(const GenerationRequest& request, const ProgressObserver& observer);

    // Precomputes cond.unetContext (identical results, less work per step).
    void prepareUnetContext(I2VGenXLConditioning& cond) const;

    // N(0, 1) of shape [1, C, F, h, w] from a CPU generator seeded with `seed`, float32 (on the CPU).
    torch::Tensor initialNoise(std::int64_t seed, int frames, int height, int width) const;
    // N(0, 1) of shape [1, C, h, w] from a CPU generator seeded with `seed`, float32 (on the CPU).
    torch::Tensor imageLatentNoise(std::int64_t seed, int height, int width) const;

    // Raw UNet output for `latentModelInput` [B, C, F, h, w] at `timestep`: [B, C, F, h, w], model dtype.
    torch::Tensor predictNoise(const torch::Tensor& latentModelInput, std::int64_t timestep,
                               const I2VGenXLConditioning& cond) const;
    // uncond + guidance * (text - uncond) when cond.cfg, else the prediction itself: [1, C, F, h, w].
    static torch::Tensor guide(const torch::Tensor& noisePred, double guidance, bool cfg);
    // One reference loop iteration: UNet on cat([latents] * 2), guidance, DDIM step with frames folded
    // into the batch. Returns the new latents [1, C, F, h, w] and (optionally) the predicted x0.
    torch::Tensor denoiseStep(const DDIMScheduler& scheduler, const torch::Tensor& latents, std::int64_t timestep,
                              const I2VGenXLConditioning& cond, double guidance,
                              torch::Tensor* predOriginal = nullptr) const;

    // decode_latents: [1, C, F, h, w] scaled latents -> [1, 3, F, H, W] float32, `chunk` frames per VAE call.
    torch::Tensor decode(const torch::Tensor& latents, int chunk, const CancelToken* cancel = nullptr,
                         const std::function<void(std::int64_t, std::int64_t)>& onChunk = {}) const;
    // clamp(x / 2 + 0.5, 0, 1) as [F, H, W, 3] float32 (the reference's output_type="np", batch dropped).
    static torch::Tensor postprocessFloat(const torch::Tensor& video);
    // round(frames_float * 255) as uint8 Images.
    static std::vector<Image> toImages(const torch::Tensor& framesFloat);
    // Cheap preview: a fixed linear map of latents [1, C, F, h, w] (frame `frame`) to RGB, upsampled by the
    // VAE factor. The map is Stable Diffusion's 4-channel latent->RGB approximation (also used by ComfyUI's
    // previews); other channel counts show the channel mean as grey.
    Image previewImage(const torch::Tensor& latents, int frame) const;

    const I2VGenXLTimings& lastTimings() const { return m_timings; }
    const DeviceChoice& deviceChoice() const { return m_choice; }
    const DDIMSchedulerConfig& schedulerConfig() const;

private:
    std::shared_ptr<I2VGenXLComponents> m_c;
    DeviceChoice m_choice;
    bool m_offloadEncoders = false; // low-VRAM mode: encoders in system RAM, on the GPU only while they run
    std::string m_modelId;
    std::string m_revision;
    I2VGenXLTimings m_timings;
    std::map<std::string, torch::Tensor> m_promptCache;                                 // key: cfg + texts
    std::map<std::string, torch::Tensor> m_imageCache;                                  // key: image + width
    std::map<std::string, std::pair<torch::Tensor, torch::Tensor>> m_posteriorCache;    // key: image + size
};

// 64-bit FNV-1a of the pixels and size (cache keys).
std::uint64_t imageFingerprint(const Image& image);

} // namespace i2v
