// i2v-bench: times every stage of one I2VGen-XL or Wan generation and prints one table (the engine is
// recognised from the folder's model_index.json).
//   i2v-bench --model DIR   [options]   a real diffusers folder (e.g. tests/data/i2vgenxl-tiny/model)
//   i2v-bench --config DIR  [options]   random weights from config files (e.g. tests/data/i2vgenxl-real-configs)
// Only argument parsing and printing live here; the work is in core/engine.
#include "core/base/error.h"
#include "core/engine/api/registry.h"
#include "core/engine/api/runtime_info.h"
#include "core/engine/models/i2vgen_xl/i2vgen_xl_check.h"
#include "core/engine/models/i2vgen_xl/i2vgen_xl_random.h"
#include "core/engine/models/i2vgen_xl/pipeline_i2vgen_xl.h"
#include "core/engine/models/wan/pipeline_wan_i2v.h"
#include "core/engine/models/wan/wan_family.h"
#include "core/engine/models/wan/wan_random.h"
#include "core/engine/runtime/device.h"
#include "core/engine/runtime/errors.h"
#include "core/engine/runtime/torch_compat.h"
#include "core/presets/memory_model.h"
#include <torch/version.h>

#ifdef I2V_BENCH_MEDIA
#include "core/media/image_io.h"
#include "core/media/video_io.h"
#endif

#include <chrono>
#include <fstream>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <numeric>
#include <unistd.h>
#include <string>

using namespace i2v;
namespace fs = std::filesystem;

namespace {

const char* kUsage =
    "usage: i2v-bench (--model DIR | --config DIR [--scale N] [--tokenizer DIR])\n"
    "                 [--image PNG] [--width W] [--height H] [--frames F] [--steps S] [--decode-chunk C]\n"
    "                 [--guidance G] [--seed N] [--device auto|cpu|cuda[:N]]\n"
    "                 [--dtype auto|float32|float16|bfloat16] [--low-vram 0|1] [--json FILE]\n"
    "                 [--out FILE.mp4] [--threads N] [--golden DIR]\n"
    "  --config builds random weights from the config files, channel widths divided by --scale (default 1);\n"
    "  the tokenizer defaults to DIR/tokenizer (use tests/data/i2vgenxl-tiny/model/tokenizer for the real\n"
    "  CLIP vocabulary). --out (builds with media) also times encoding the frames to a video file.\n"
    "  --golden DIR (with --model tests/data/i2vgenxl-tiny/model): compare every stage with the fixture's\n"
    "  golden tensors on the chosen device/dtype instead of timing; exit 3 when a stage is over tolerance.\n"
    "  --low-vram 1 keeps the text and image encoders in system RAM between uses (GPU only).\n"
    "  --json FILE also writes the figures as one JSON object (scripts/gpu-check.sh reads it).\n"
    "  Wan folders (e.g. tests/data/wan-real-configs/Wan2.1-I2V-14B-480P-Diffusers, tests/data/wan21-tiny/model)\n"
    "  are recognised: --config then needs --tokenizer (e.g. tests/data/wan21-tiny/model/tokenizer); defaults\n"
    "  832x480 (2.1) / 1280x704 (2.2), 81 / 121 frames, 10 steps, guidance 5; --flow-shift X (0 = the model's).\n";

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string mib(std::int64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buf;
}

// A deterministic test picture (gradients and a disc) when no --image is given.
Image syntheticImage(int width, int height)
{
    Image image(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = image.pixel(x, y);
            const int dx = x - width / 2, dy = y - height / 2;
            const bool disc = dx * dx + dy * dy < (width * height) / 16;
            p[0] = static_cast<std::uint8_t>(255 * x / std::max(1, width - 1));
            p[1] = static_cast<std::uint8_t>(255 * y / std::max(1, height - 1));
            p[2] = disc ? 230 : 40;
        }
    return image;
}

// The memory model's estimate (core/presets) for this run, next to the measured peak, so the model can be
// checked against real runs (on the CPU the measured peak is the process's peak RSS, runtime included).
void printMemoryEstimate(const presets::ModelShape& shape, const GenerationRequest& request,
                         const DeviceChoice& choice, std::int64_t measuredPeak, MemoryMode mode = MemoryMode::Resident)
{
    presets::RunSettings run;
    run.width = request.width;
    run.height = request.height;
    run.frames = request.frames;
    run.steps = request.steps;
    run.decodeChunk = request.decodeChunk;
    run.cuda = choice.device.is_cuda();
    run.bytesPerElement = static_cast<int>(c10::elementSize(choice.dtype));
    // Attention runs through SDPA's fused kernels on CUDA and on the CPU: no full score matrix.
    run.attention = presets::AttentionKernel::MemoryEfficient;
    run.memoryMode = mode;
    const presets::MemoryEstimate m = presets::estimateMemory(shape, run);
    std::printf("\nmemory model estimate: peak %s (weights %s, UNet step %s, VAE decode %s, encoders %s, "
                "load %s, overhead %s); measured peak %s (estimate / measured = %.2f)\n",
                mib(m.peakBytes).c_str(), mib(m.weightsBytes).c_str(), mib(m.unetStepBytes).c_str(),
                mib(m.vaeDecodeBytes).c_str(), mib(m.encodersBytes).c_str(), mib(m.loadBytes).c_str(),
                mib(m.overheadBytes).c_str(),
                mib(measuredPeak).c_str(),
                measuredPeak > 0 ? static_cast<double>(m.peakBytes) / static_cast<double>(measuredPeak) : 0.0);
}

void row(const std::string& stage, double ms, const std::string& note = {})
{
    std::printf("| %-22s | %12.1f | %-34s |\n", stage.c_str(), ms, note.c_str());
}

int runWan(std::map<std::string, std::string> args, WanVariant variant)
{
    const auto get = [&](const char* key, const std::string& fallback) {
        const auto it = args.find(key);
        return it == args.end() ? fallback : it->second;
    };
    const auto getInt = [&](const char* key, int fallback) {
        const auto it = args.find(key);
        return it == args.end() ? fallback : std::stoi(it->second);
    };
    const bool v21 = variant == WanVariant::I2V21;
    setLowVramMode(get("low-vram", "0") == "1");
    const DeviceChoice choice = resolveDevice(get("device", "auto"), get("dtype", "auto"), /*preferBf16=*/true);
    resetPeakMemory(choice.device);

    GenerationRequest request;
    request.family = v21 ? "wan2.1-i2v" : "wan2.2-ti2v";
    request.prompt = "A red fox jumping over a frozen creek at sunrise, cinematic lighting, 4k";
    request.negativePrompt = "blurry, low quality, distorted, watermark";
    request.width = getInt("width", v21 ? 832 : 1280);
    request.height = getInt("height", v21 ? 480 : 704);
    request.frames = getInt("frames", v21 ? 81 : 121);
    request.steps = getInt("steps", 10);
    request.guidance = std::stod(get("guidance", "5.0"));
    request.flowShift = std::stod(get("flow-shift", "0"));
    request.seed = std::stoll(get("seed", "42"));
    request.fps = 16;
    request.previewEvery = 0;

    const auto loadStart = std::chrono::steady_clock::now();
    std::unique_ptr<WanI2VPipeline> pipeline;
    std::string what;
    presets::ModelShape shape;
    if (args.count("model")) {
        what = "model " + args["model"];
        shape = readWanShape(args["model"]);
        pipeline = WanI2VPipeline::load(args["model"], choice);
    } else {
        const fs::path config = args["config"];
        const int scale = getInt("scale", 1);
        fs::path folder = config;
        if (scale != 1) {
            folder = fs::temp_directory_path() / ("i2v-bench-config-" + std::to_string(::getpid()));
            writeScaledWanConfigs(config, folder, scale);
        }
        shape = readWanShape(folder);
        if (!args.count("tokenizer"))
            fail(ErrorCode::InvalidArgument, "--config with a Wan folder needs --tokenizer DIR (a T5 spiece.model "
                                             "folder, e.g. tests/data/wan21-tiny/model/tokenizer)");
        auto components = withTorchErrors("building the random model", [&] {
            return buildRandomWanComponents(folder, args["tokenizer"], choice.dtype, choice.device);
        });
        if (folder != config)
            fs::remove_all(folder);
        what = "random weights from " + config.string() + " (widths / " + std::to_string(scale) + ")";
        std::printf("parameters: transformer %lld, text %lld, image %lld, vae %lld\n",
                    (long long)parameterCount(*components->transformer),
                    (long long)(components->textEncoderModule ? parameterCount(*components->textEncoderModule) : 0),
                    (long long)(components->imageEncoderModule ? parameterCount(*components->imageEncoderModule) : 0),
                    (long long)parameterCount(*components->vaeModule));
        pipeline = std::make_unique<WanI2VPipeline>(components, choice, "random");
    }
    synchronizeDevice(choice.device);
    const double loadMs = msSince(loadStart);
    const std::int64_t peakAfterLoad = peakMemoryBytes(choice.device);
    if (args.count("image")) {
#ifdef I2V_BENCH_MEDIA
        request.image = loadImage(args["image"]);
#else
        fail(ErrorCode::InvalidArgument, "--image needs a build with media; omit it for a synthetic picture");
#endif
    } else {
        request.image = syntheticImage(request.width * 3 / 2, request.height);
    }
    const auto runStart = std::chrono::steady_clock::now();
    const GenerationResult result = pipeline->run(request, {}, {});
    const double totalMs = msSince(runStart);
    const WanTimings& t = pipeline->lastTimings();
    std::printf("\ni2v-bench: %s\n", what.c_str());
    std::printf("device %s, LibTorch %s, %d threads; %dx%d, %d frames, %d steps, guidance %.1f; memory mode: %s\n\n",
                choice.describe().c_str(), TORCH_VERSION, at::get_num_threads(), request.width, request.height,
                request.frames, request.steps, request.guidance,
                memoryModeDescription(pipeline->memoryMode()).c_str());
    std::printf("| %-22s | %12s | %-34s |\n", "stage", "ms", "note");
    std::printf("|%s|%s|%s|\n", std::string(24, '-').c_str(), std::string(14, '-').c_str(),
                std::string(36, '-').c_str());
    row("load", loadMs, "peak " + mib(peakAfterLoad));
    row("text encoder", t.textMs, "UMT5: prompt + negative prompt");
    row("image encoder", t.imageMs, v21 ? "CLIP vision (penultimate)" : "none (TI2V)");
    row("VAE encode", t.vaeEncodeMs, "condition latents");
    const double stepsMs = std::accumulate(t.stepMs.begin(), t.stepMs.end(), 0.0);
    for (std::size_t i = 0; i < t.stepMs.size(); ++i)
        row("step " + std::to_string(i + 1), t.stepMs[i], i == 0 ? "2 transformer calls (CFG) + UniPC" : "");
    if (!t.stepMs.empty())
        row("step mean", stepsMs / static_cast<double>(t.stepMs.size()), "");
    row("VAE decode", t.decodeMs, "causal, one latent frame at a time");
    row("generation total", totalMs, "peak " + mib(peakMemoryBytes(choice.device)));
    const AllocatorStats cuda = choice.device.is_cuda() ? cudaAllocatorStats(choice.device.index() < 0 ? 0 : choice.device.index())
                                                        : AllocatorStats{};
    if (cuda.valid)
        std::printf("CUDA allocator: peak allocated %s, peak reserved %s\n", mib(cuda.peakAllocatedBytes).c_str(),
                    mib(cuda.peakReservedBytes).c_str());
    printMemoryEstimate(shape, request, choice, peakMemoryBytes(choice.device), pipeline->memoryMode());
    if (args.count("json")) {
        std::ofstream out(args["json"]);
        out << "{\"engine\":\"" << request.family << "\",\"device\":\"" << choice.describe()
            << "\",\"memory_mode\":\"" << memoryModeId(pipeline->memoryMode()) << "\",\"width\":" << request.width
            << ",\"height\":" << request.height << ",\"frames\":" << request.frames << ",\"steps\":" << request.steps
            << ",\"load_ms\":" << loadMs << ",\"step_ms\":[";
        for (std::size_t i = 0; i < t.stepMs.size(); ++i)
            out << (i ? "," : "") << t.stepMs[i];
        out << "],\"decode_ms\":" << t.decodeMs << ",\"total_ms\":" << totalMs
            << ",\"peak_allocated_bytes\":" << (cuda.valid ? cuda.peakAllocatedBytes : peakMemoryBytes(choice.device))
            << ",\"peak_reserved_bytes\":" << (cuda.valid ? cuda.peakReservedBytes : 0) << "}\n";
    }
    (void)result;
    return 0;
}

int run(std::map<std::string, std::string> args)
{
    const auto get = [&](const char* key, const std::string& fallback) {
        const auto it = args.find(key);
        return it == args.end() ? fallback : it->second;
    };
    const auto getInt = [&](const char* key, int fallback) {
        const auto it = args.find(key);
        return it == args.end() ? fallback : std::stoi(it->second);
    };
    if (args.count("model") == args.count("config"))
        fail(ErrorCode::InvalidArgument, "give exactly one of --model DIR or --config DIR");
    if (args.count("threads"))
        at::set_num_threads(getInt("threads", 1));
    else
        initEngineRuntime();
    if (const auto variant = probeWanVariant(args.count("model") ? args["model"] : args["config"]))
        return runWan(std::move(args), *variant);

    setLowVramMode(get("low-vram", "0") == "1");
    const DeviceChoice choice = resolveDevice(get("device", "auto"), get("dtype", "auto"));
    resetPeakMemory(choice.device);

    GenerationRequest request;
    request.family = "i2vgen-xl";
    request.prompt = "A red fox jumping over a frozen creek at sunrise, cinematic lighting, 4k";
    request.negativePrompt = "blurry, low quality, distorted, watermark";
    request.width = getInt("width", 512);
    request.height = getInt("height", 512);
    request.frames = getInt("frames", 16);
    request.steps = getInt("steps", 10);
    request.decodeChunk = getInt("decode-chunk", 1);
    request.guidance = std::stod(get("guidance", "9.0"));
    request.seed = std::stoll(get("seed", "42"));
    request.fps = 16;
    request.previewEvery = 0;

    // ---- load ----
    const auto loadStart = std::chrono::steady_clock::now();
    std::unique_ptr<I2VGenXLPipeline> pipeline;
    std::string what;
    presets::ModelShape shape;
    if (args.count("model")) {
        what = "model " + args["model"];
        shape = presets::readI2VGenXLShape(args["model"]);
        pipeline = I2VGenXLPipeline::load(args["model"], choice);
    } else {
        const fs::path config = args["config"];
        const int scale = getInt("scale", 1);
        fs::path folder = config;
        if (scale != 1) {
            folder = fs::temp_directory_path() / ("i2v-bench-config-" + std::to_string(::getpid()));
            writeScaledI2VGenXLConfigs(config, folder, scale);
        }
        shape = presets::readI2VGenXLShape(folder);
        const fs::path tokenizer = get("tokenizer", (config / "tokenizer").string());
        auto components = withTorchErrors("building the random model", [&] {
            return buildRandomI2VGenXLComponents(folder, tokenizer, choice.dtype, choice.device);
        });
        if (folder != config)
            fs::remove_all(folder);
        what = "random weights from " + config.string() + " (widths / " + std::to_string(scale) + ")";
        std::printf("parameters: unet %lld, text %lld, image %lld, vae %lld\n",
                    (long long)parameterCount(*components->unet), (long long)parameterCount(*components->textEncoder),
                    (long long)parameterCount(*components->imageEncoder), (long long)parameterCount(*components->vae));
        pipeline = std::make_unique<I2VGenXLPipeline>(components, choice, "random");
    }
    synchronizeDevice(choice.device);
    const double loadMs = msSince(loadStart);
    const std::int64_t peakAfterLoad = peakMemoryBytes(choice.device);

    if (args.count("golden")) {
        const std::vector<GoldenStageError> errors = withTorchErrors("golden check", [&] {
            return checkAgainstGolden(*pipeline, args["golden"]);
        });
        std::printf("golden check of %s on %s (tolerances: float32, fixture README)\n\n", what.c_str(),
                    choice.describe().c_str());
        std::printf("| %-26s | %10s | %9s | %-4s | %-28s |\n", "stage", "max error", "tolerance", "ok", "note");
        bool allOk = true;
        for (const GoldenStageError& e : errors) {
            const bool ok = e.maxAbsError <= e.tolerance;
            allOk = allOk && ok;
            std::printf("| %-26s | %10.3g | %9.0e | %-4s | %-28s |\n", e.stage.c_str(), e.maxAbsError, e.tolerance,
                        ok ? "yes" : "NO", e.note.c_str());
        }
        return allOk ? 0 : 3;
    }

    if (args.count("image")) {
#ifdef I2V_BENCH_MEDIA
        request.image = loadImage(args["image"]);
#else
        fail(ErrorCode::InvalidArgument, "--image needs a build with media; omit it for a synthetic picture");
#endif
    } else {
        request.image = syntheticImage(request.width * 3 / 2, request.height);
    }

    // ---- generate (the pipeline records its own stage times) ----
    const auto runStart = std::chrono::steady_clock::now();
    const GenerationResult result = pipeline->run(request, {}, {});
    const double totalMs = msSince(runStart);
    const I2VGenXLTimings& t = pipeline->lastTimings();

    double encodeMs = -1;
#ifdef I2V_BENCH_MEDIA
    if (args.count("out")) {
        const auto encodeStart = std::chrono::steady_clock::now();
        EncodeOptions options;
        options.fps = result.fps;
        encodeVideo(result.frames, args["out"], options);
        encodeMs = msSince(encodeStart);
    }
#endif

    std::printf("\ni2v-bench: %s\n", what.c_str());
    std::printf("device %s, LibTorch %s, %d threads; %dx%d, %d frames, %d steps, guidance %.1f, decode chunk %d\n\n",
                choice.describe().c_str(), TORCH_VERSION, at::get_num_threads(), request.width, request.height,
                request.frames, request.steps, request.guidance, request.decodeChunk);
    std::printf("| %-22s | %12s | %-34s |\n", "stage", "ms", "note");
    std::printf("|%s|%s|%s|\n", std::string(24, '-').c_str(), std::string(14, '-').c_str(),
                std::string(36, '-').c_str());
    row("load", loadMs, "peak " + mib(peakAfterLoad));
    row("text encoder", t.textMs, "prompt + negative prompt");
    row("image encoder", t.imageMs, "CLIP vision");
    row("VAE encode", t.vaeEncodeMs, "posterior + sample");
    const double stepsMs = std::accumulate(t.stepMs.begin(), t.stepMs.end(), 0.0);
    for (std::size_t i = 0; i < t.stepMs.size(); ++i)
        row("UNet step " + std::to_string(i + 1), t.stepMs[i], i == 0 ? "UNet (CFG batch 2) + DDIM" : "");
    if (!t.stepMs.empty())
        row("UNet step mean", stepsMs / static_cast<double>(t.stepMs.size()),
            t.stepMs.size() > 1 ? "mean of steps 2.." + std::to_string(t.stepMs.size()) + ": " +
                                      std::to_string(static_cast<int>(
                                          (stepsMs - t.stepMs[0]) / static_cast<double>(t.stepMs.size() - 1))) +
                                      " ms"
                                : "");
    row("VAE decode", t.decodeMs, std::to_string(request.decodeChunk) + " frame(s) per call");
    row("postprocess", t.postprocessMs, "to uint8 frames");
    if (encodeMs >= 0)
        row("encode to file", encodeMs, args["out"]);
    row("generation total", totalMs, "peak " + mib(peakMemoryBytes(choice.device)));
    const AllocatorStats cuda = choice.device.is_cuda() ? cudaAllocatorStats(choice.device.index() < 0 ? 0 : choice.device.index())
                                                        : AllocatorStats{};
    if (cuda.valid)
        std::printf("CUDA allocator: peak allocated %s, peak reserved %s\n", mib(cuda.peakAllocatedBytes).c_str(),
                    mib(cuda.peakReservedBytes).c_str());
    printMemoryEstimate(shape, request, choice, peakMemoryBytes(choice.device));
    if (args.count("json")) {
        std::ofstream out(args["json"]);
        out << "{\"engine\":\"i2v\",\"device\":\"" << choice.describe() << "\",\"torch\":\"" << TORCH_VERSION
            << "\",\"width\":" << request.width << ",\"height\":" << request.height << ",\"frames\":" << request.frames
            << ",\"steps\":" << request.steps << ",\"load_ms\":" << loadMs << ",\"step_ms\":[";
        for (std::size_t i = 0; i < t.stepMs.size(); ++i)
            out << (i ? "," : "") << t.stepMs[i];
        out << "],\"decode_ms\":" << t.decodeMs << ",\"total_ms\":" << totalMs
            << ",\"peak_allocated_bytes\":" << (cuda.valid ? cuda.peakAllocatedBytes : peakMemoryBytes(choice.device))
            << ",\"peak_reserved_bytes\":" << (cuda.valid ? cuda.peakReservedBytes : 0) << "}\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            std::cout << kUsage;
            return 0;
        }
        if (a.rfind("--", 0) != 0 || i + 1 >= argc) {
            std::cerr << "i2v-bench: unexpected argument \"" << a << "\"\n" << kUsage;
            return 2;
        }
        args[a.substr(2)] = argv[++i];
    }
    try {
        return run(std::move(args));
    } catch (const I2vError& e) {
        std::cerr << "i2v-bench: " << errorCodeName(e.code()) << ": " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "i2v-bench: " << e.what() << "\n";
        return 1;
    }
}
