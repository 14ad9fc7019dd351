#include "core/service/best_of.h"

#include "core/base/error.h"
#include "core/engine/api/model_family.h"
#include "core/engine/api/registry.h"
#include "core/media/image_io.h"
#include "core/media/video_io.h"
#include "core/service/model_locator.h"

#include <cstdio>
#include <filesystem>
#include <mutex>

namespace i2v {
namespace {

namespace fs = std::filesystem;

std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::mutex& weightsMutex()
{
    static std::mutex m;
    return m;
}

ScoreWeights& weightsStore()
{
    static ScoreWeights w;
    return w;
}

} // namespace

std::int64_t variationSeed(std::int64_t seed, int index)
{
    if (index <= 0)
        return seed;
    const std::uint64_t x = static_cast<std::uint64_t>(seed) +
                            static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::int64_t>(splitmix64(x) >> 32);
}

std::string variationPath(const std::string& path, int index)
{
    if (path.empty())
        return path;
    const fs::path p(path);
    const std::string suffix = "_v" + std::to_string(index + 1);
    return (p.parent_path() / (p.stem().string() + suffix + p.extension().string())).string();
}

GenerationRequest variationRequest(const GenerationRequest& job, const ModelFamily& family, int index)
{
    GenerationRequest r = job;
    r.bestOf = 1;
    r.seed = variationSeed(job.seed, index);
    family.varyForBestOf(r, index);
    r.output.path = variationPath(job.output.path, index);
    r.output.framesDir = variationPath(job.output.framesDir, index);
    return r;
}

const std::vector<std::string>& defaultScorerRepos()
{
    static const std::vector<std::string> repos = {
        "openai/clip-vit-large-patch14", "laion/CLIP-ViT-H-14-laion2B-s32B-b79K", "openai/clip-vit-base-patch32"};
    return repos;
}

std::string resolveScorerFolder(const std::string& spec)
{
    std::string folder;
    if (!spec.empty()) {
        try {
            folder = resolveModelLocation(spec);
        } catch (const I2vError& e) {
            fail(ErrorCode::ModelNotFound, "scorer: " + std::string(e.what()));
        }
    } else {
        for (const std::string& repo : defaultScorerRepos()) {
            try {
                folder = resolveModelLocation(repo); // "ORG/NAME": the Hugging Face cache
                break;
            } catch (const I2vError&) {
            }
        }
        if (folder.empty()) {
            std::string names;
            for (const std::string& repo : defaultScorerRepos())
                names += (names.empty() ? "" : ", ") + repo;
            fail(ErrorCode::ModelNotFound,
                 "best of N scores its variations with a CLIP model, and none is available: name one with "
                 "--scorer FOLDER_OR_ORG/NAME (a transformers CLIPModel folder), or download one of " + names +
                     " into the Hugging Face cache");
        }
    }
    if (!isClipModelFolder(folder))
        fail(ErrorCode::ModelInvalid, "scorer " + folder + ": config.json is missing or is not a CLIPModel "
                                                         "config (it needs text_config and vision_config)");
    return folder;
}

void setBestOfScoreWeights(const ScoreWeights& weights)
{
    validateScoreWeights(weights);
    std::lock_guard lock(weightsMutex());
    weightsStore() = weights;
}

ScoreWeights bestOfScoreWeights()
{
    std::lock_guard lock(weightsMutex());
    return weightsStore();
}

ClipRanking rankClipFiles(const std::string& scorerSpec, const std::vector<std::string>& clipFiles,
                          const std::string& prompt, const std::string& imagePath, const ScoreWeights& weights,
                          const std::string& device)
{
    validateScoreWeights(weights);
    ClipRanking out;
    out.scorerFolder = resolveScorerFolder(scorerSpec);
    Image source;
    if (!imagePath.empty())
        source = loadImage(imagePath);
    std::vector<std::vector<Image>> decoded;
    for (const std::string& clip : clipFiles) {
        if (!fs::is_regular_file(clip))
            fail(ErrorCode::FileNotFound, clip + ": no such clip file");
        decoded.push_back(decodeVideo(clip));
        if (decoded.back().empty())
            fail(ErrorCode::InvalidArgument, clip + ": the clip has no frames");
    }
    initEngineRuntime();
    LoadOptions options;
    options.device = device;
    const auto scorer = loadClipScorer(out.scorerFolder, options);
    std::vector<ClipScore> scores;
    for (const auto& frames : decoded)
        scores.push_back(scorer->score(frames, source.empty() ? nullptr : &source, prompt, weights));
    const std::vector<std::size_t> order = rankByScore(scores);
    for (std::size_t r = 0; r < order.size(); ++r)
        out.clips.push_back({clipFiles[order[r]], scores[order[r]], static_cast<int>(r) + 1});
    return out;
}

std::string scoreText(double value)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", value);
    return buf;
}

void addVariationDetails(std::map<std::string, std::string>& details, int index, int count, std::int64_t jobSeed,
                         const ClipScore& score, int rank, bool pick, const std::string& scorerFolder)
{
    details["best_of"] = std::to_string(index + 1) + "/" + std::to_string(count);
    details["best_of_seed"] = std::to_string(jobSeed);
    details["best_of_rank"] = std::to_string(rank);
    details["best_of_pick"] = pick ? "yes" : "no";
    details["score"] = scoreText(score.total);
    if (score.promptSimilarity)
        details["score_prompt"] = scoreText(*score.promptSimilarity);
    if (score.imageSimilarity)
        details["score_image"] = scoreText(*score.imageSimilarity);
    details["score_temporal"] = scoreText(score.temporal);
    details["score_consecutive"] = scoreText(score.consecutiveSimilarity);
    details["scorer"] = scorerFolder;
}

} // namespace i2v
