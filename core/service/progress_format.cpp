#include "core/service/progress_format.h"

#include "core/service/error_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace i2v {

std::string formatBytes(std::int64_t bytes)
{
    char text[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1024.0 * 1024 * 1024)
        std::snprintf(text, sizeof text, "%.1f GiB", b / (1024.0 * 1024 * 1024));
    else if (b >= 1024.0 * 1024)
        std::snprintf(text, sizeof text, "%.0f MiB", b / (1024.0 * 1024));
    else
        std::snprintf(text, sizeof text, "%.0f KiB", b / 1024.0);
    return text;
}

std::string formatProgressLine(const ProgressEvent& event)
{
    std::string line = stageName(event.stage);
    line.resize(std::max<std::size_t>(line.size(), 15), ' ');
    if (event.total > 0) {
        constexpr int kBarWidth = 20;
        const int filled = std::clamp(event.step * kBarWidth / event.total, 0, kBarWidth);
        line += std::to_string(event.step) + "/" + std::to_string(event.total) + " [" + std::string(filled, '#') +
                std::string(kBarWidth - filled, '.') + "]";
    }
    char tail[64];
    std::snprintf(tail, sizeof tail, "  %.1f s", event.elapsedMs / 1000.0);
    line += tail;
    if (event.memoryBytes > 0)
        line += "  mem " + formatBytes(event.memoryBytes);
    if (!event.message.empty())
        line += "  " + event.message;
    return line;
}

std::string progressEventJson(std::uint64_t jobId, const ProgressEvent& event)
{
    nlohmann::json j;
    j["event"] = "progress";
    j["job"] = jobId;
    j["stage"] = stageName(event.stage);
    j["step"] = event.step;
    j["total"] = event.total;
    j["elapsed_ms"] = static_cast<std::int64_t>(event.elapsedMs);
    j["memory_bytes"] = event.memoryBytes;
    j["message"] = event.message;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string jobStartedJson(std::uint64_t jobId)
{
    nlohmann::json j;
    j["event"] = "started";
    j["job"] = jobId;
    return j.dump();
}

std::string jobFinishedJson(std::uint64_t jobId, const JobOutcome& outcome, std::int64_t seed)
{
    nlohmann::json j;
    j["event"] = "finished";
    j["job"] = jobId;
    j["state"] = jobStateName(outcome.state);
    j["files"] = outcome.files;
    j["duration_ms"] = static_cast<std::int64_t>(outcome.durationMs);
    j["peak_memory_bytes"] = outcome.peakMemoryBytes;
    j["seed"] = seed;
    if (!outcome.variations.empty()) { // best of N: every variation, its score and the pick
        nlohmann::json list = nlohmann::json::array();
        for (const VariationOutcome& v : outcome.variations)
            list.push_back({{"index", v.index + 1},
                            {"file", v.files.empty() ? std::string() : v.files.front()},
                            {"seed", v.seed},
                            {"score", v.score.total},
                            {"rank", v.rank},
                            {"pick", v.pick}});
        j["variations"] = list;
        j["scoring_ms"] = static_cast<std::int64_t>(outcome.scoringMs);
        j["generation_ms"] = static_cast<std::int64_t>(outcome.generationMs);
    }
    if (!outcome.error.ok()) {
        j["error"] = {{"code", std::string(errorCodeName(outcome.error.code))},
                      {"detail", outcome.error.detail},
                      {"exit_code", exitCodeFor(outcome.error.code)},
                      {"message", formatErrorLine(outcome.error)}};
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace i2v
