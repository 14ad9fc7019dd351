// The score arithmetic of clip_score.h (torch-free).
#include "core/engine/api/clip_score.h"

#include "core/base/error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

namespace i2v {

void validateScoreWeights(const ScoreWeights& w)
{
    const auto weight = [](double v, const char* name) {
        if (!std::isfinite(v) || v < 0)
            fail(ErrorCode::InvalidArgument,
                 std::string("score weight ") + name + " must be a finite number >= 0, not " + std::to_string(v));
    };
    weight(w.prompt, "prompt");
    weight(w.image, "image");
    weight(w.temporal, "temporal");
    if (!std::isfinite(w.temporalTarget) || w.temporalTarget < -1 || w.temporalTarget > 1)
        fail(ErrorCode::InvalidArgument, "score temporal target must lie in -1..1");
    if (!std::isfinite(w.temporalWidth) || !(w.temporalWidth > 0))
        fail(ErrorCode::InvalidArgument, "score temporal width must be a finite number > 0");
    if (w.maxFrames < 1 || w.maxFrames > 1024)
        fail(ErrorCode::InvalidArgument, "score frames must lie in 1..1024");
}

std::vector<int> sampleFrameIndices(int frameCount, int maxFrames)
{
    std::vector<int> out;
    if (frameCount <= 0 || maxFrames <= 0)
        return out;
    const int count = std::min(frameCount, maxFrames);
    if (count == 1)
        return {0};
    for (int i = 0; i < count; ++i)
        out.push_back(static_cast<int>(std::lround(static_cast<double>(i) * (frameCount - 1) / (count - 1))));
    return out;
}

double temporalTerm(double c, const ScoreWeights& w)
{
    const double d = (c - w.temporalTarget) / w.temporalWidth;
    return std::max(0.0, 1.0 - d * d);
}

ClipScore combineScore(std::optional<double> prompt, std::optional<double> image,
                       const std::vector<double>& consecutive, const ScoreWeights& w)
{
    validateScoreWeights(w);
    ClipScore s;
    s.promptSimilarity = prompt;
    s.imageSimilarity = image;
    if (consecutive.empty()) {
        s.consecutiveSimilarity = 1.0;
        s.temporal = temporalTerm(1.0, w);
    } else {
        double sumC = 0, sumT = 0;
        for (double c : consecutive) {
            sumC += c;
            sumT += temporalTerm(c, w);
        }
        s.consecutiveSimilarity = sumC / static_cast<double>(consecutive.size());
        s.temporal = sumT / static_cast<double>(consecutive.size());
    }
    s.total = w.prompt * prompt.value_or(0.0) + w.image * image.value_or(0.0) + w.temporal * s.temporal;
    s.framesScored = static_cast<int>(consecutive.size()) + 1;
    return s;
}

double cosineSimilarity(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size())
        fail(ErrorCode::InvalidArgument, "cosine similarity: vectors of " + std::to_string(a.size()) + " and " +
                                             std::to_string(b.size()) + " values");
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += static_cast<double>(a[i]) * b[i];
        na += static_cast<double>(a[i]) * a[i];
        nb += static_cast<double>(b[i]) * b[i];
    }
    if (na == 0 || nb == 0)
        return 0.0;
    return dot / (std::sqrt(na) * std::sqrt(nb));
}

std::vector<std::size_t> rankByScore(const std::vector<ClipScore>& scores)
{
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a].total > scores[b].total; });
    return order;
}

bool isClipModelFolder(const std::string& folder)
{
    std::ifstream in(std::filesystem::path(folder) / "config.json");
    if (!in)
        return false;
    try {
        const auto j = nlohmann::json::parse(in);
        return j.is_object() && j.contains("text_config") && j.at("text_config").is_object() &&
               j.contains("vision_config") && j.at("vision_config").is_object();
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

} // namespace i2v
