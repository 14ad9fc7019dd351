#include "core/engine/models/i2vgen_xl/i2vgen_xl_check.h"

#include "core/engine/tensor/state_dict.h"

namespace i2v {

namespace {

double maxAbs(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kCPU, torch::kFloat64) - b.to(torch::kCPU, torch::kFloat64)).abs().max().item<double>();
}

} // namespace

std::vector<GoldenStageError> checkAgainstGolden(I2VGenXLPipeline& pipe, const std::filesystem::path& dir)
{
    torch::NoGradGuard noGrad;
    const auto device = pipe.deviceChoice().device;
    const auto dtype = pipe.deviceChoice().dtype;
    const StateDict tokens = loadSafetensors(dir / "tokens.safetensors");
    const StateDict text = loadSafetensors(dir / "text_encoder.safetensors");
    const StateDict image = loadSafetensors(dir / "image_encoder.safetensors");
    const StateDict vae = loadSafetensors(dir / "vae_encode.safetensors");
    const StateDict cond = loadSafetensors(dir / "conditioning.safetensors");
    const StateDict denoise = loadSafetensors(dir / "denoise.safetensors");
    const StateDict decode = loadSafetensors(dir / "decode.safetensors");
    const auto in = [&](const torch::Tensor& t) {
        return t.is_floating_point() ? t.to(device, dtype) : t.to(device);
    };

    std::vector<GoldenStageError> out;
    out.push_back({"prompt_embeds", maxAbs(pipe.encodeTokens(tokens.at("prompt_input_ids")), text.at("prompt_embeds")),
                   1e-5, ""});
    out.push_back({"negative_prompt_embeds",
                   maxAbs(pipe.encodeTokens(tokens.at("negative_prompt_input_ids")), text.at("negative_prompt_embeds")),
                   1e-5, ""});

    // Image encoder, VAE encoder: through the pipeline's modules with the golden preprocessed inputs.
    const auto [mean, std] = pipe.encodeVaePosteriorFromPixels(in(vae.at("vae_input")));
    out.push_back({"posterior_mean", maxAbs(mean, vae.at("posterior_mean")), 1e-4, ""});
    out.push_back({"image_embeds", maxAbs(pipe.encodeImagePixels(in(image.at("clip_pixel_values"))),
                                          image.at("image_embeds")), 1e-5, ""});
    const torch::Tensor imageLatents = pipe.imageLatentsFromNoise(in(vae.at("posterior_mean")),
                                                                  in(vae.at("posterior_std")),
                                                                  vae.at("image_latent_noise"), 4, true);
    out.push_back({"image_latents", maxAbs(imageLatents, vae.at("image_latents")), 1e-4, ""});

    I2VGenXLConditioning c;
    c.promptEmbeds = in(text.at("encoder_hidden_states"));
    c.imageEmbeddings = in(image.at("image_embeddings"));
    c.imageLatents = in(vae.at("image_latents"));
    c.fps = in(cond.at("fps"));
    c.cfg = true;
    DDIMScheduler scheduler(pipe.schedulerConfig());
    scheduler.setTimesteps(static_cast<int>(cond.at("timesteps").numel()));
    torch::Tensor latents = in(denoise.at("initial_latents"));
    for (std::size_t i = 0; i < scheduler.timesteps().size(); ++i) {
        const std::string p = "step" + std::to_string(i) + ".";
        const std::int64_t t = scheduler.timesteps()[i];
        out.push_back({p + "noise_pred", maxAbs(pipe.predictNoise(in(denoise.at(p + "latent_model_input")), t, c),
                                                denoise.at(p + "noise_pred")), 1e-4, "golden input"});
        latents = pipe.denoiseStep(scheduler, latents, t, c, 9.0);
        out.push_back({p + "latents", maxAbs(latents, denoise.at(p + "latents")), 5e-4, "chained from step 0"});
    }
    const torch::Tensor video = pipe.decode(in(decode.at("decode_input_latents")), 2);
    out.push_back({"decoded_video", maxAbs(video, decode.at("decoded_video")), 2e-4, "golden input"});

    // End to end from the golden conditioning and initial latents.
    const torch::Tensor frames = I2VGenXLPipeline::postprocessFloat(pipe.decode(latents, 2));
    out.push_back({"frames_float", maxAbs(frames, decode.at("frames_float")[0]), 1e-4, "chained"});
    const auto images = I2VGenXLPipeline::toImages(frames);
    const torch::Tensor golden = decode.at("frames_uint8")[0].to(torch::kInt32);
    std::int64_t differing = 0;
    int worst = 0;
    for (std::size_t f = 0; f < images.size(); ++f) {
        const torch::Tensor ours =
            torch::from_blob(const_cast<std::uint8_t*>(images[f].rgb.data()),
                             {images[f].height, images[f].width, 3}, torch::kUInt8)
                .to(torch::kInt32);
        const torch::Tensor diff = (ours - golden[static_cast<std::int64_t>(f)]).abs();
        worst = std::max(worst, diff.max().item<int>());
        differing += diff.ne(0).sum().item<std::int64_t>();
    }
    out.push_back({"frames_uint8", double(worst), 1,
                   std::to_string(differing) + " of " + std::to_string(golden.numel()) + " values differ"});
    return out;
}

} // namespace i2v
