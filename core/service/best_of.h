#pragma once
// Best of N: the pure rules of a job that asks for N variations (request.bestOf > 1) — their seeds, their
// names, which CLIP model scores them, and what each variation's recipe records. The runner
// (runner.cpp) generates the N variations with one model load, scores each with the CLIP scorer
// (core/engine/api/clip_score.h), writes all N and marks the best.

#include "core/engine/api/clip_score.h"
#include "core/request/generation_request.h"

#include <cstdint>
#include <string>
#include <vector>

namespace i2v {

class ModelFamily;

// The seed of variation `index` (0-based) of a job with seed `seed`:
//   index 0: `seed` itself (so variation 1 of a best-of job is the clip a plain job would make);
//   index k >= 1: the top 32 bits of splitmix64(seed + k * 0x9E3779B97F4A7C15) (mod 2^64), a value in
//   0..2^32-1 (the seed range every engine accepts).
// The same seed always gives the same set; nearby seeds give unrelated sets.
std::int64_t variationSeed(std::int64_t seed, int index);

// The request of variation `index`: bestOf 1, its seed, the family's own variation (another camera move
// for the built-in engine, ModelFamily::varyForBestOf), and the output names with "_v<index+1>" before
// the extension (output.path "clip.mp4" -> "clip_v2.mp4", frames_dir "f" -> "f_v2"). output.path must be
// set (the runner picks the base name first).
GenerationRequest variationRequest(const GenerationRequest& job, const ModelFamily& family, int index);

// "clip.mp4", 1 -> "clip_v2.mp4"; "frames" (no extension), 0 -> "frames_v1". Empty stays empty.
std::string variationPath(const std::string& path, int index);

// The CLIP models looked for in the Hugging Face cache when no scorer is named, best first.
const std::vector<std::string>& defaultScorerRepos();

// The folder of the scorer `spec` (a folder or ORG/NAME in the Hugging Face cache); when `spec` is empty,
// the first of defaultScorerRepos() in the cache. Throws I2vError(ModelNotFound) saying that best of N
// needs a CLIP model and how to name one, or ModelInvalid when the folder is not a CLIPModel.
std::string resolveScorerFolder(const std::string& spec);

// The score weights best-of jobs use (the window's settings set them; default ScoreWeights{}).
// Thread-safe.
void setBestOfScoreWeights(const ScoreWeights& weights);
ScoreWeights bestOfScoreWeights();

// The recipe details of a scored variation (GenerationResult::details): best_of "2/4", best_of_seed
// (the job's seed), score, score_prompt, score_image, score_temporal, score_consecutive, best_of_rank
// (1 = best), best_of_pick "yes"/"no", scorer (folder).
void addVariationDetails(std::map<std::string, std::string>& details, int index, int count, std::int64_t jobSeed,
                         const ClipScore& score, int rank, bool pick, const std::string& scorerFolder);

// `i2v score`: scores clip files made anywhere. Resolves the scorer like resolveScorerFolder, loads the
// image (when `imagePath` is not empty) and decodes every clip before loading the model, so a missing or
// broken file fails first (FileNotFound, ...), naming it. Returns the clips best first.
struct RankedClip {
    std::string file;
    ClipScore score;
    int rank = 0; // 1 = best
};
struct ClipRanking {
    std::string scorerFolder;
    std::vector<RankedClip> clips; // best first
};
ClipRanking rankClipFiles(const std::string& scorerSpec, const std::vector<std::string>& clipFiles,
                          const std::string& prompt, const std::string& imagePath, const ScoreWeights& weights,
                          const std::string& device = "auto");

// "0.3125" (4 decimals), the form scores take in recipes and tables.
std::string scoreText(double value);

} // namespace i2v
