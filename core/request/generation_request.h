#pragma once
// What a generation asks for and what it returns: plain data, no torch, no Qt. Shared by the engine,
// media (the recipe), the service, the command line and the window. Every field of GenerationRequest and
// OutputSettings is described once in core/request/request_fields.h; a field added here must be added
// there too (test_request_fields fails otherwise).

#include "core/base/image.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

enum class OutputFormat { Mp4, WebM, Gif, PngFrames };

struct OutputSettings {
    OutputFormat format = OutputFormat::Mp4;
    std::string path;        // output file (or folder for PngFrames); empty = auto-named in outputDir
    std::string outputDir;   // used when path is empty
    std::string framesDir;   // also write lossless PNG frames here when non-empty
    int crf = 18;            // H.264/VP9 quality
    bool writeSidecar = true; // <output>.json with the recipe
};

struct GenerationRequest {
    Image image;                   // the still image (RGB8, any size; engines crop/fit)
    std::string imagePath;         // where it came from (for the recipe); may be empty
    std::string prompt;
    std::string negativePrompt;
    std::string family = "camera-motion"; // ModelFamily::id()
    std::string modelDir;          // model folder; empty for weight-free families
    std::string motion;            // camera-motion: explicit move ("zoom-in", ...); empty = from prompt
    std::string easing;            // camera-motion: "ease-in-out" (empty = this), "linear", "ease-out", "ease-in"
    int width = 512;
    int height = 512;
    int frames = 16;
    int fps = 8;
    int steps = 50;
    double guidance = 9.0;
    double strength = 1.0;         // camera-motion: amount of movement (1 = default)
    double flowShift = 0.0;        // wan: flow-matching shift of the sampler; 0 = the model's scheduler config
    std::int64_t seed = 0;
    std::optional<std::int64_t> imageNoiseSeed; // i2vgen-xl: VAE posterior sample; default = seed
    int decodeChunk = 1;           // frames decoded per VAE call
    std::string device = "auto";   // "auto", "cpu", "cuda", "cuda:1"
    std::string dtype = "auto";    // "auto", "float32", "float16", "bfloat16"
    int previewEvery = 5;          // emit a latent preview every N steps (0 = never)
    int bestOf = 1;                // best of N (core/service/best_of.h): N variations, scored, best marked
    std::string scorer;            // CLIP model folder or ORG/NAME that scores them; empty = a known one in
                                   // the Hugging Face cache
    bool retrySmallerOnOutOfMemory = true; // service policy, not part of the recipe: on OutOfMemory run
                                           // once more one tier down (core/service/runner.h)
    OutputSettings output;
};

struct GenerationResult {
    std::vector<Image> frames;     // width x height each
    int fps = 8;
    std::string family;
    std::string modelId;           // e.g. "ali-vilab/i2vgen-xl" or "camera-motion"
    std::string modelRevision;     // snapshot hash when known
    std::map<std::string, std::string> details; // engine-specific facts for the recipe (motion chosen, ...)
};

// The names of the formats, in the order of the enum: "mp4", "webm", "gif", "png".
const std::vector<OutputFormat>& outputFormats();
const char* outputFormatName(OutputFormat f);
// "mp4", "webm", "gif", "png" (also "frames" for PngFrames); nullopt for anything else.
std::optional<OutputFormat> parseOutputFormat(const std::string& name);
// The file extension with its dot (".mp4"); "" for PngFrames (a folder).
std::string outputFormatExtension(OutputFormat f);

} // namespace i2v
