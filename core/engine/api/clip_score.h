#pragma once
// Scoring clips with a CLIP model (transformers' CLIPModel layout), for best-of-N and `i2v score`.
// Torch-free: the arithmetic below is pure and tested on constructed numbers; ClipScorer is implemented in
// core/engine/models/clip/clip_scorer.cpp.
//
// The score of a clip (frames f_1..f_n sampled evenly, at most ScoreWeights::maxFrames; e(x) the
// L2-normalised CLIP embedding, cos(a, b) = e(a)·e(b)):
//   prompt   P = mean_i cos(text(prompt), f_i)                    (omitted when the prompt is empty)
//   image    I = mean_i cos(source image, f_i)   "faithfulness"    (omitted when there is no source image)
//   temporal T = mean_i t(c_i), c_i = cos(f_i, f_{i+1}) over consecutive sampled frames, with
//            t(c) = max(0, 1 - ((c - target) / width)^2)
//            a parabola that is 1 when consecutive frames are as similar as a clip that moves
//            (c = target) and falls to 0 at c = target ± width: a frozen clip (c = 1) and a flickering one
//            (c far below target) both score low. A one-frame clip has no pair: T = t(1).
//   total    S = wPrompt·P + wImage·I + wTemporal·T   (an omitted term adds 0)
// Cosines lie in [-1, 1] and T in [0, 1]. The defaults weigh the prompt first (CLIP's text–image cosines
// are small, ~0.2–0.35, so their differences are what ranks clips), faithfulness half as much, and
// motion quality a tenth (with the defaults a frozen clip loses at most 0.1).

#include "core/base/image.h"
#include "core/engine/api/model_family.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

// The score settings, with their defaults in this one place.
struct ScoreWeights {
    double prompt = 1.0;           // wPrompt
    double image = 0.5;            // wImage
    double temporal = 0.1;         // wTemporal
    double temporalTarget = 0.96;  // consecutive-frame cosine at which t() peaks
    double temporalWidth = 0.04;   // distance from the target at which t() reaches 0 (> 0)
    int maxFrames = 16;            // frames sampled evenly from a clip (>= 1)
};

// Throws I2vError(InvalidArgument) naming the setting: weights must be finite and >= 0, the target in
// [-1, 1], the width > 0 and finite, maxFrames in 1..1024.
void validateScoreWeights(const ScoreWeights& weights);

struct ClipScore {
    std::optional<double> promptSimilarity; // P (nullopt: empty prompt)
    std::optional<double> imageSimilarity;  // I (nullopt: no source image)
    double consecutiveSimilarity = 1.0;     // mean c_i (1 for one frame)
    double temporal = 0.0;                  // T
    double total = 0.0;                     // S
    int framesScored = 0;
};

// `count` indices spread evenly over 0..frameCount-1, first and last included:
// round(i * (frameCount - 1) / (count - 1)) for i in 0..count-1, count = min(frameCount, maxFrames).
// Empty for frameCount <= 0; {0} when count is 1.
std::vector<int> sampleFrameIndices(int frameCount, int maxFrames);

// t(c) above.
double temporalTerm(double consecutiveCosine, const ScoreWeights& weights);

// S and T from the per-clip similarities (the formula above). `consecutive` are the c_i.
ClipScore combineScore(std::optional<double> prompt, std::optional<double> image,
                       const std::vector<double>& consecutive, const ScoreWeights& weights);

// Cosine of two equal-length vectors (0 when either is all zeros). Throws InvalidArgument on a length
// mismatch.
double cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b);

// The clip order best first: by total descending, ties by index ascending (a stable, reproducible pick).
std::vector<std::size_t> rankByScore(const std::vector<ClipScore>& scores);

// A loaded CLIP model. Call from one thread at a time.
class ClipScorer {
public:
    virtual ~ClipScorer() = default;
    // Scores one clip. `source` may be null or empty (no faithfulness term), `prompt` empty (no prompt
    // term). Throws InvalidArgument for a clip without frames or bad weights.
    virtual ClipScore score(const std::vector<Image>& frames, const Image* source, const std::string& prompt,
                            const ScoreWeights& weights) = 0;
    // The tokenizer's ids for `prompt` (padded to its model_max_length, truncated), as the text tower gets them.
    virtual std::vector<std::int64_t> tokenIds(const std::string& prompt) const = 0;
    // Unnormalised projected embeddings (get_text_features / get_image_features).
    virtual std::vector<float> textEmbedding(const std::string& prompt) = 0;
    virtual std::vector<float> imageEmbedding(const Image& image) = 0;
    virtual std::string folder() const = 0;
    virtual std::string describe() const = 0; // "CLIP ViT 24 layers, projection 768, cpu float32"
};

// True if `folder` holds a CLIPModel: config.json with "text_config" and "vision_config" (cheap).
bool isClipModelFolder(const std::string& folder);

// Loads the CLIPModel in `folder`: config.json, model.safetensors (or its fp16 variant / index), the
// tokenizer (vocab.json + merges.txt, in the folder or its tokenizer/ sub-folder) and
// preprocessor_config.json. Throws I2vError: ModelNotFound (no folder), ModelInvalid naming the file,
// WeightsCorrupt, UnsafeWeightsFormat, DeviceUnavailable.
std::unique_ptr<ClipScorer> loadClipScorer(const std::string& folder, const LoadOptions& options = {});

} // namespace i2v
