#include "core/service/model_downloads.h"

#include "core/base/error.h"
#include "core/hub/repo_id.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace i2v {
using nlohmann::json;

std::string formatDownloadBytes(std::int64_t bytes)
{
    char buf[32];
    if (bytes >= 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.2f GB", bytes / 1e9);
    else if (bytes >= 1'000'000)
        std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
    else if (bytes >= 1000)
        std::snprintf(buf, sizeof buf, "%.1f kB", bytes / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
    return buf;
}

std::string formatDuration(double seconds)
{
    if (!(seconds >= 0) || seconds > 360000)
        return "--:--";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

hub::HubSettings hubSettings(const std::string& endpoint)
{
    hub::HubSettings s = hub::HubSettings::fromEnvironment();
    if (!endpoint.empty()) {
        s.endpoint = endpoint;
        while (!s.endpoint.empty() && s.endpoint.back() == '/')
            s.endpoint.pop_back();
    }
    if (s.endpoint.rfind("http://", 0) != 0 && s.endpoint.rfind("https://", 0) != 0)
        fail(ErrorCode::InvalidArgument, "endpoint \"" + s.endpoint + "\" is not an http:// or https:// address "
                                         "(--endpoint or HF_ENDPOINT, e.g. https://hf-mirror.com)");
    return s;
}

hub::PullOptions pullOptionsFor(const ModelPullRequest& request, const hub::Catalogue& catalogue)
{
    const hub::RepoRef ref = hub::parseRepoRef(request.spec);
    hub::PullOptions o;
    o.repoId = ref.repoId;
    o.revision = ref.revision;
    o.variant = request.variant;
    o.maxBytesPerSecond = request.maxBytesPerSecond;
    if (request.maxRetries < 0 || request.maxRetries > 100)
        fail(ErrorCode::InvalidArgument, "--retries " + std::to_string(request.maxRetries) + " is out of range (0 .. 100)");
    o.maxRetries = request.maxRetries;
    o.keepPartialOnCancel = request.keepPartialOnCancel;
    if (!request.variant.empty() && !hub::isSafeRepoPath(request.variant))
        fail(ErrorCode::InvalidArgument, "--variant \"" + request.variant + "\" is not a variant name (e.g. fp16)");
    if (const hub::CatalogueEntry* e = catalogue.find(ref.repoId)) {
        o.allowPatterns = e->allowPatterns;
        if (!e->offersVariant(request.variant)) {
            std::string offered;
            for (const hub::VariantSize& s : e->sizes)
                offered += (offered.empty() ? "" : ", ") + (s.variant.empty() ? std::string("(default)") : s.variant);
            fail(ErrorCode::InvalidArgument, ref.repoId + " has no \"" + request.variant + "\" variant; it offers: " +
                                                 offered);
        }
    }
    return o;
}

hub::PullResult pullModel(const ModelPullRequest& request, const hub::PullObserver& observer, const CancelToken& cancel)
{
    const hub::HubSettings settings = hubSettings(request.endpoint);
    const hub::PullOptions options = pullOptionsFor(request, hub::loadCatalogue());
    hub::Downloader downloader(settings);
    hub::PullResult result = downloader.pull(options, observer, cancel);
    try {
        hub::VerifiedBlobs record(hub::VerifiedBlobs::defaultFile());
        for (const auto& blob : result.verifiedBlobs)
            record.markVerified(blob);
        record.save();
    } catch (const I2vError&) {
        // The record only saves a re-hash later; the download itself is complete and verified.
    }
    return result;
}

std::string describeInstalledModels(bool asJson)
{
    const auto cache = huggingFaceHubCache();
    const hub::VerifiedBlobs record(hub::VerifiedBlobs::defaultFile());
    const auto installed = hub::listInstalled(cache, record);
    const hub::Catalogue catalogue = hub::loadCatalogue();
    auto stateName = [](const hub::InstalledModel& m) {
        if (m.state == hub::InstallState::Incomplete)
            return "incomplete";
        return m.verified ? "verified" : "complete";
    };
    if (asJson) {
        json out = {{"cache", cache.string()}, {"installed", json::array()}, {"catalogue", json::array()}};
        for (const auto& m : installed)
            out["installed"].push_back({{"repo", m.repoId}, {"commit", m.commit}, {"refs", m.refs},
                                        {"path", m.snapshot.string()}, {"files", m.files},
                                        {"missing_files", m.missingFiles}, {"bytes", m.bytes},
                                        {"partial_bytes", m.partialBytes}, {"state", stateName(m)}});
        for (const auto& e : catalogue.models) {
            json sizes = json::array();
            for (const auto& s : e.sizes)
                sizes.push_back({{"variant", s.variant}, {"download_bytes", s.downloadBytes}, {"disk_bytes", s.diskBytes}});
            json tiers = json::array();
            for (const auto& t : e.tiers)
                tiers.push_back({{"name", t.name}, {"width", t.width}, {"height", t.height}, {"frames", t.frames},
                                 {"bytes", t.bytes}});
            bool have = false;
            for (const auto& m : installed)
                have = have || (m.repoId == e.repoId && m.state == hub::InstallState::Complete);
            out["catalogue"].push_back({{"repo", e.repoId}, {"family", e.family}, {"name", e.name},
                                        {"installed", have}, {"sizes", sizes}, {"sizes_estimated", e.sizesEstimated},
                                        {"gpu_memory_source", e.gpuMemorySource}, {"tiers", tiers}});
        }
        return out.dump(2) + "\n";
    }
    std::string text = "Installed in the Hugging Face cache " + cache.string() + ":\n";
    if (installed.empty())
        text += "  (nothing yet)\n";
    for (const auto& m : installed) {
        std::string refs;
        for (const auto& r : m.refs)
            refs += (refs.empty() ? "" : ", ") + r;
        if (m.commit.empty()) {
            text += "  " + m.repoId + "  " + formatDownloadBytes(m.partialBytes) +
                    " partly downloaded (run `i2v models pull " + m.repoId + "` to resume)\n";
            continue;
        }
        text += "  " + m.repoId + "  " + m.commit.substr(0, 12) + (refs.empty() ? "" : " (" + refs + ")") + "  " +
                formatDownloadBytes(m.bytes) + "  " + stateName(m);
        if (m.state == hub::InstallState::Incomplete)
            text += ": " + std::to_string(m.missingFiles) + " of " + std::to_string(m.files) + " files missing";
        if (m.partialBytes > 0)
            text += ", " + formatDownloadBytes(m.partialBytes) + " partly downloaded (pull again to resume)";
        text += "\n      " + m.snapshot.string() + "\n";
    }
    text += "\nAvailable to download (i2v models pull REPO [--variant fp16]):\n";
    for (const auto& e : catalogue.models) {
        text += "  " + e.repoId + "  [" + e.family + "]  " + e.name + "\n      download ";
        for (std::size_t i = 0; i < e.sizes.size(); ++i)
            text += (i ? ", " : "") + (e.sizes[i].variant.empty() ? std::string() : e.sizes[i].variant + " ") +
                    formatDownloadBytes(e.sizes[i].downloadBytes);
        text += e.sizesEstimated ? " (approximate)" : "";
        text += "; GPU memory";
        for (const auto& t : e.tiers)
            text += " " + t.name + " " + std::to_string(t.width) + "x" + std::to_string(t.height) + "x" +
                    std::to_string(t.frames) + " " + formatDownloadBytes(t.bytes) + ";";
        if (!e.tiers.empty())
            text.pop_back();
        text += e.gpuMemorySource == "memory_model" ? " (memory model)\n" : " (estimated)\n";
    }
    return text;
}

} // namespace i2v
