#include "core/presets/memory_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace i2v::presets {
namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
constexpr int kCfgBatch = 2;          // classifier-free guidance runs both halves in one batch
constexpr int kContextTokens = 145;   // 77 text + 64 image-latent + 4 image-embedding tokens

std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

bool offloaded(MemoryMode mode) { return mode == MemoryMode::EncoderOffload || mode == MemoryMode::BlockOffload; }

// Parameters on the device for the whole job: all of them, less the encoders when they are offloaded, less
// the transformer's blocks but two (the one running, the one being copied in) when they are streamed.
std::int64_t residentWeightParams(const ModelShape& model, MemoryMode mode)
{
    std::int64_t params = model.weightParams;
    if (offloaded(mode))
        params -= model.encoderParams;
    const TransformerShape& t = model.transformer;
    if (mode == MemoryMode::BlockOffload && t.numLayers > 0)
        params -= t.params - 2 * (t.params / t.numLayers);
    return std::max<std::int64_t>(0, params);
}

// An offloaded encoder's weights while it runs (the larger of the two: they run one after the other).
std::int64_t visitingEncoderBytes(const ModelShape& model, const RunSettings& run)
{
    return offloaded(run.memoryMode) ? model.largestEncoderParams * run.bytesPerElement : 0;
}

} // namespace

MemoryEstimate estimateMemory(const ModelShape& model, const RunSettings& run)
{
    MemoryEstimate m;
    const std::int64_t bpe = run.bytesPerElement;
    const std::int64_t pixels = static_cast<std::int64_t>(run.width) * run.height;
    if (model.transformer.numLayers > 0) {
        // Diffusion transformer (Wan): weights of every component, one guided step = two calls of batch 1 over
        // seq = F' * (h / ph) * (w / pw) tokens; per block the live set is the residual stream, q/k/v/out, the
        // FFN hidden (ffn wide) and float32 modulation; attention is flash/memory-efficient (no scores) on
        // CUDA and materialised by the math kernel otherwise.
        const TransformerShape& t = model.transformer;
        m.weightsBytes = residentWeightParams(model, run.memoryMode) * bpe;
        const std::int64_t lf = (run.frames - 1) / std::max(1, model.vaeTemporalFactor) + 1;
        const std::int64_t lh = ceilDiv(run.height, model.vaeSpatialFactor);
        const std::int64_t lw = ceilDiv(run.width, model.vaeSpatialFactor);
        const std::int64_t seq = ceilDiv(lf, t.patchT) * ceilDiv(lh, t.patchH) * ceilDiv(lw, t.patchW);
        std::int64_t step = seq * t.dim * (8 * bpe + 4 * 4) + seq * t.ffnDim * 2 * bpe;
        if (run.attention == AttentionKernel::Math)
            step += seq * seq * t.heads * bpe * 2 + seq * (t.textTokens + t.imageTokens) * t.heads * bpe * 2;
        m.unetStepBytes = step;
        // VAE decode, one latent frame at a time through the causal cache: a few full-resolution feature maps
        // of 4 frames at the decoder's widest width (fp32).
        const std::int64_t pixels4 = static_cast<std::int64_t>(run.width) * run.height * 4;
        m.vaeDecodeBytes = 6 * static_cast<std::int64_t>(model.vaeFirstChannels) / 4 * pixels4 * 4 +
                           static_cast<std::int64_t>(run.frames) * 3 * run.width * run.height * 4;
        m.encodersBytes = 512LL * 4 * 10240 * bpe + m.vaeDecodeBytes / 2 + visitingEncoderBytes(model, run);
        m.overheadBytes = run.cuda ? 700 * kMiB : 200 * kMiB;
        // Loading streams one tensor at a time: the largest (UMT5's token embedding, 2 GiB in bf16 for the
        // published models) sits next to what is already loaded. Measured (i2v-bench, CPU, widths / 8): the
        // process peak is at the end of the load for small outputs, 0.5 GiB above the weights.
        m.loadBytes = model.largestTensorParams * bpe;
        const std::int64_t transient = std::max({m.unetStepBytes, m.vaeDecodeBytes, m.encodersBytes});
        m.peakBytes = m.weightsBytes + m.overheadBytes + std::max(transient + transient / 20, m.loadBytes);
        return m;
    }
    if (model.family == "camera-motion" || model.unet.blockOutChannels.empty()) {
        // Supersampled source (2x per side, RGB float work buffer) + the RGB8 output frames.
        m.encodersBytes = pixels * 4 * 3 * 4;
        m.unetStepBytes = pixels * 3 * run.frames;
        m.overheadBytes = 64 * kMiB;
        m.peakBytes = m.encodersBytes + m.unetStepBytes + m.overheadBytes;
        return m;
    }
    m.weightsBytes = model.weightBytesOnDisk > 0
                         ? model.weightBytesOnDisk * bpe / model.weightBytesPerParamOnDisk
                         : model.weightParams * bpe;
    if (offloaded(run.memoryMode))
        m.weightsBytes = std::max<std::int64_t>(0, m.weightsBytes - model.encoderParams * bpe);

    const std::int64_t f = run.frames;
    const std::int64_t lh = ceilDiv(run.height, model.vaeSpatialFactor);
    const std::int64_t lw = ceilDiv(run.width, model.vaeSpatialFactor);
    const auto& u = model.unet;
    std::int64_t skips = 0, widest = 0, attention = 0;
    std::int64_t h = lh, w = lw;
    for (std::size_t i = 0; i < u.blockOutChannels.size(); ++i) {
        const std::int64_t c = u.blockOutChannels[i];
        const std::int64_t tokens = h * w;
        const std::int64_t act = kCfgBatch * f * c * tokens * bpe; // one [2F, C, h, w] tensor
        skips += (u.layersPerBlock + 1) * act;
        widest = std::max(widest, act);
        const std::int64_t heads = std::max<std::int64_t>(1, c / std::max(1, u.attentionHeadDim));
        std::int64_t level = 12 * act; // GEGLU feed-forward: 8C projection + 4C gated result
        level += kCfgBatch * f * heads * tokens * kContextTokens * bpe * 2; // cross-attention scores
        level += kCfgBatch * tokens * heads * f * f * bpe * 2;             // temporal attention scores
        if (run.attention == AttentionKernel::Math && (i < u.crossAttention.size() && u.crossAttention[i]))
            level += kCfgBatch * f * heads * tokens * tokens * bpe * 2;    // self-attention scores + softmax
        attention = std::max(attention, level);
        h = ceilDiv(h, 2);
        w = ceilDiv(w, 2);
    }
    m.unetStepBytes = skips + 5 * widest + attention;

    const std::int64_t chunk = std::max(1, run.decodeChunk);
    const std::int64_t latentTokens = lh * lw;
    std::int64_t midAttention = chunk * latentTokens * latentTokens * bpe * 2;
    if (run.attention == AttentionKernel::MemoryEfficient)
        midAttention = chunk * latentTokens * 512 * bpe;
    m.vaeDecodeBytes = 5 * chunk * model.vaeFirstChannels * pixels * bpe + midAttention;
    m.encodersBytes = 5 * static_cast<std::int64_t>(model.vaeFirstChannels) * pixels * bpe + midAttention / chunk +
                      visitingEncoderBytes(model, run);
    // CPU: the process's own runtime (LibTorch, OpenCV, FFmpeg loaded) measured at ~180 MiB peak RSS by
    // i2v-bench on the tiny fixture before any generation; 200 MiB keeps the estimate 4-14 % above measured
    // peaks at 64..256 px (notes/batch.md). CUDA: context + allocator slack.
    m.overheadBytes = run.cuda ? 700 * kMiB : 200 * kMiB;
    const std::int64_t transient = std::max({m.unetStepBytes, m.vaeDecodeBytes, m.encodersBytes});
    m.peakBytes = m.weightsBytes + transient + m.overheadBytes + transient / 20; // 5 % allocator slack
    return m;
}

std::optional<double> estimateSeconds(const std::vector<TimingSample>& history, const RunSettings& run)
{
    std::vector<double> perUnit;
    for (const TimingSample& s : history) {
        const double units = static_cast<double>(s.width) * s.height * s.frames * std::max(1, s.steps);
        if (units > 0 && s.seconds > 0)
            perUnit.push_back(s.seconds / units);
    }
    if (perUnit.empty())
        return std::nullopt;
    std::nth_element(perUnit.begin(), perUnit.begin() + perUnit.size() / 2, perUnit.end());
    const double median = perUnit[perUnit.size() / 2];
    return median * run.width * run.height * run.frames * std::max(1, run.steps);
}

int nearestOnGrid(double value, int multiple, int remainder, int lo, int hi)
{
    const std::int64_t m = std::max(1, multiple);
    const std::int64_t r = ((remainder % m) + m) % m;
    const auto floorDiv = [](std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
    const std::int64_t lowest = floorDiv(lo - r + m - 1, m) * m + r;
    const std::int64_t highest = std::max(lowest, floorDiv(hi - r, m) * m + r);
    const std::int64_t k = std::llround((value - static_cast<double>(r)) / static_cast<double>(m)); // ties up
    return static_cast<int>(std::clamp(k * m + r, lowest, highest));
}

std::vector<RunSettings> settingsLadder(const RunSettings& base, const SettingsGrid& grid)
{
    struct Rung { int side, frames, steps; };
    static const Rung rungs[] = {{256, 8, 30},  {384, 8, 30},  {384, 16, 40},  {512, 16, 50}, {640, 16, 50},
                                 {768, 16, 60}, {768, 24, 80}, {1024, 16, 50}, {1280, 16, 50}};
    const double aspect = base.height > 0 ? static_cast<double>(base.width) / base.height : 1.0;
    std::vector<RunSettings> ladder;
    for (const Rung& r : rungs) {
        RunSettings s = base;
        const double longSide = r.side;
        const double shortSide = aspect >= 1 ? r.side / aspect : r.side * aspect;
        s.width = nearestOnGrid(aspect >= 1 ? longSide : shortSide, grid.widthMultiple, 0, grid.minWidth,
                                grid.maxWidth);
        s.height = nearestOnGrid(aspect >= 1 ? shortSide : longSide, grid.heightMultiple, 0, grid.minHeight,
                                 grid.maxHeight);
        s.frames = nearestOnGrid(r.frames, grid.frameMultiple, grid.frameRemainder, grid.minFrames, grid.maxFrames);
        s.steps = r.steps;
        const bool duplicate = std::any_of(ladder.begin(), ladder.end(), [&](const RunSettings& o) {
            return o.width == s.width && o.height == s.height && o.frames == s.frames && o.steps == s.steps;
        });
        if (!duplicate)
            ladder.push_back(s);
    }
    return ladder;
}

namespace {
std::vector<std::pair<RunSettings, MemoryEstimate>> sortedLadder(const ModelShape& model, const RunSettings& base,
                                                                 const SettingsGrid& grid)
{
    std::vector<std::pair<RunSettings, MemoryEstimate>> out;
    for (const RunSettings& s : settingsLadder(base, grid))
        out.emplace_back(s, estimateMemory(model, s));
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second.peakBytes < b.second.peakBytes; });
    return out;
}
} // namespace

std::vector<Tier> recommendTiers(const ModelShape& model, std::int64_t availableBytes, const RunSettings& base,
                                 const SettingsGrid& grid)
{
    const auto ladder = sortedLadder(model, base, grid);
    const auto budget = static_cast<std::int64_t>(availableBytes * 0.9);
    int best = -1;
    for (int i = 0; i < static_cast<int>(ladder.size()); ++i)
        if (ladder[i].second.peakBytes <= budget)
            best = i;
    if (best < 0)
        return {};
    const int standard = std::max(0, best - 1);
    return {Tier{"Draft", ladder[0].first, ladder[0].second},
            Tier{"Standard", ladder[standard].first, ladder[standard].second},
            Tier{"Best", ladder[best].first, ladder[best].second}};
}

std::optional<RunSettings> nextTierDown(const ModelShape& model, const RunSettings& failed, const SettingsGrid& grid)
{
    const std::int64_t failedPeak = estimateMemory(model, failed).peakBytes;
    const auto ladder = sortedLadder(model, failed, grid);
    for (auto it = ladder.rbegin(); it != ladder.rend(); ++it)
        if (it->second.peakBytes < failedPeak)
            return it->first;
    return std::nullopt;
}

std::optional<RunSettings> nearestFitting(const ModelShape& model, const RunSettings& wanted,
                                          std::int64_t availableBytes, const SettingsGrid& grid)
{
    const std::int64_t wantedPeak = estimateMemory(model, wanted).peakBytes;
    if (wantedPeak <= availableBytes)
        return wanted;
    const auto ladder = sortedLadder(model, wanted, grid);
    for (auto it = ladder.rbegin(); it != ladder.rend(); ++it)
        if (it->second.peakBytes <= availableBytes && it->second.peakBytes <= wantedPeak)
            return it->first;
    return std::nullopt;
}

std::string formatGigabytes(std::int64_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return buf;
}

} // namespace i2v::presets
