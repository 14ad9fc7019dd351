#pragma once
// Wan image-to-video pipeline: a port of diffusers pipelines/wan/pipeline_wan_i2v.py
// (WanImageToVideoPipeline, diffusers 0.42.1) covering both published variants from one config-driven path:
//   * Wan2.1 I2V: transformer input = cat([noise latents, 4-channel first-frame mask, normalised VAE latents
//     of [image, zeros x (frames - 1)]]) on channels, CLIP image tokens (hidden_states[-2]), timestep [B].
//   * Wan2.2 TI2V (expand_timesteps): input = (1 - m) * condition + m * latents with m = 0 on the first
//     latent frame, the condition being the VAE latents of the image alone; per-token timesteps
//     (m[:, ::ph, ::pw] * t) of shape [B, seq_len]; the same mix once more before decoding.
// The reference's order: prompt embeddings (prompt_clean, T5 tokens padded to 512, UMT5, rows past the
// prompt's length zeroed), image embeddings, scheduler timesteps, image preprocessing (PIL lanczos resize to
// the output size, [-1, 1]), seeded noise, VAE encode (posterior mean) and normalisation, denoising loop with
// classifier-free guidance as two transformer calls (conditional, then unconditional), scheduler step,
// decode (latents * std + mean), post-processing to uint8 frames.
//
// Deviations (deliberate):
// * The noise comes from a CPU generator seeded with `seed` (the reference's torch.Generator("cpu")), drawn
//   in float32 on the CPU and moved to the device. It is the only random draw.
// * Per-token timesteps subsample the mask by the transformer's patch size (the reference hard-codes ::2,
//   the patch size of every published model).
// * The VAE and the image encoder run in float32 whatever the pipeline dtype (as the reference examples
//   load them); the text encoder and the transformer in the pipeline dtype.
// * Progress events, a latent preview, cancellation between steps and between transformer blocks, and a stop
//   with a clear error when the latents become NaN/Inf; embeddings of repeated prompts/images are cached.
// * transformer_2 / boundary_ratio (Wan2.2 A14B two-expert models) and last_image (FLF2V) are not supported:
//   such folders are refused when loaded.

#include "core/base/memory_mode.h"
#include "core/engine/api/pipeline.h"
#include "core/engine/models/wan/wan_components.h"
#include "core/engine/runtime/device.h"
#include "core/engine/schedulers/flow_scheduler.h"

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

// Everything the denoising loop needs for one request.
struct WanConditioning {
    torch::Tensor promptEmbeds;   // [1, 512, text_dim] in the model dtype
    torch::Tensor negativeEmbeds; // same, or undefined without CFG
    torch::Tensor imageEmbeds;    // [1, tokens, image_dim] (Wan2.1) or undefined
    torch::Tensor condition;      // Wan2.1: [1, 4 + z, F, h, w] mask + latents; TI2V: [1, z, 1, h, w] latents
    torch::Tensor firstFrameMask; // TI2V: [1, 1, F, h, w] float32 (0 on frame 0); undefined for Wan2.1
    bool cfg = true;
};

struct WanTimings {
    double textMs = 0;
    double imageMs = 0;
    double vaeEncodeMs = 0;
    std::vector<double> stepMs;
    double decodeMs = 0;
};


class WanI2VPipeline : public Pipeline {
public:
    // Places the weights as planMemoryMode (core/base/memory_mode.h) says for the folder's model, the device's
    // total memory and the low-VRAM setting (runtime_info.h): the same plan the window shows before Generate.
    static std::unique_ptr<WanI2VPipeline> load(const std::filesystem::path& folder, const DeviceChoice& choice);
    WanI2VPipeline(std::shared_ptr<WanComponents> components, const DeviceChoice& choice, std::string modelId = {},
                   std::string revision = {});
    ~WanI2VPipeline() override;

    GenerationResult run(const GenerationRequest& request, const ProgressObserver& observer,
                         const CancelToken& cancel) override;
    void releaseCaches() override;

    // ---- Stages (public for the golden tests and the benchmark) ----
    bool expandTimesteps() const { return m_c->expandTimesteps; }
    int spatialMultiple() const; // vae spatial factor * transformer patch (16 for 2.1, 32 for 2.2)
    int temporalFactor() const { return m_c->vaeScaleTemporal; }
    std::int64_t latentChannels() const { return m_c->zDim; }
    // InvalidArgument naming the parameter: width/height not positive multiples of spatialMultiple(),
    // frames not of the form temporalFactor()*k + 1, steps out of range, negative guidance, no image.
    void checkRequest(const GenerationRequest& request) const;

    struct Tokens {
        torch::Tensor ids, mask; // [1, 512] int64
        std::int64_t length = 0;
    };
    // prompt_clean + T5 tokenizer (padding max_length 512, truncation).
    Tokens tokenize(const std::string& text) const;
    // _get_t5_prompt_embeds for one text: [1, 512, D], rows past the token count zeroed; model dtype.
    torch::Tensor encodeText(const std::string& text);
    // CLIP penultimate hidden state of the image: [1, tokens, D] (model dtype); undefined without encoder.
    torch::Tensor encodeImage(const Image& image);
    // VideoProcessor.preprocess: PIL lanczos resize to width x height, [1, 3, H, W] float32 in [-1, 1].
    static torch::Tensor preprocessImage(const Image& image, int width, int height);
    // N(0, 1) [1, z, (frames - 1) / temporal + 1, height / s, width / s] float32 on the CPU.
    torch::Tensor initialNoise(std::int64_t seed, int frames, int height, int width) const;
    // prepare_latents' condition from the preprocessed image [1, 3, H, W]: fills cond.condition (and
    // cond.firstFrameMask for TI2V).
    void prepareCondition(const torch::Tensor& pixels, int frames, WanConditioning& cond) const;
    // The transformer input and timestep of one step (latents float32 [1, z, F, h, w], t from the scheduler).
    torch::Tensor modelInput(const torch::Tensor& latents, const WanConditioning& cond) const;
    torch::Tensor modelTimestep(const torch::Tensor& t, const torch::Tensor& latents,
                                const WanConditioning& cond) const;
    // One transformer call (text = prompt or negative embeddings), model dtype out.
    torch::Tensor transformer(const torch::Tensor& input, const torch::Tensor& timestep, const torch::Tensor& text,
                              const torch::Tensor& image, const CancelToken* cancel = nullptr) const;
    // uncond + guidance * (cond - uncond) in the model dtype (the reference's arithmetic), then float32.
    static torch::Tensor guide(const torch::Tensor& cond, const torch::Tensor& uncond, double guidance);
    // Whole loop: returns the final latents (before the TI2V mix), calls `onStep` after each step.
    // decode(): (TI2V mix), latents * std + mean, VAE decode -> [1, 3, T, H, W] float32 in [-1, 1].
    torch::Tensor decodeLatents(const torch::Tensor& latents, const WanConditioning& cond) const;
    // (x / 2 + 0.5).clamp(0, 1) as [T, H, W, 3] float32.
    static torch::Tensor postprocessFloat(const torch::Tensor& video);
    static std::vector<Image> toImages(const torch::Tensor& framesFloat);
    Image previewImage(const torch::Tensor& latents) const;

    // The scheduler of the folder (a fresh one per run).
    std::unique_ptr<FlowScheduler> makeScheduler() const;
    // Conditioning for a request (emits EncodingPrompt / EncodingImage).
    WanConditioning prepareConditioning(const GenerationRequest& request, const ProgressObserver& observer);

    const WanTimings& lastTimings() const { return m_timings; }
    const DeviceChoice& deviceChoice() const { return m_choice; }
    // Where the weights are (core/base/memory_mode.h; recorded in the result's details as kMemoryModeDetail).
    MemoryMode memoryMode() const { return m_memoryMode; }
    const WanComponents& components() const { return *m_c; }

private:
    std::shared_ptr<WanComponents> m_c;
    DeviceChoice m_choice;
    MemoryMode m_memoryMode = MemoryMode::Resident;
    std::string m_modelId, m_revision;
    WanTimings m_timings;
    std::map<std::string, torch::Tensor> m_textCache;
    std::map<std::uint64_t, torch::Tensor> m_imageCache;
};

} // namespace i2v
