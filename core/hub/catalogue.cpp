#include "core/hub/catalogue.h"

#include "core/base/error.h"
#include "core/base/json_limits.h"
#include "core/base/paths.h"
#include "core/hub/repo_id.h"

#include <climits>
#include <unistd.h>

namespace i2v::hub {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxBytes = std::int64_t{1} << 50; // 1 PiB: any larger size is a typo
constexpr int kMaxSide = 16384;
constexpr int kMaxFrames = 10000;

[[noreturn]] void bad(const std::string& origin, const std::string& where, const std::string& what)
{
    fail(ErrorCode::InvalidArgument, origin + ": " + where + ": " + what);
}

std::string str(const json& obj, const char* key, const std::string& origin, const std::string& where,
                bool required, const std::string& fallback = {})
{
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required)
            bad(origin, where, std::string("\"") + key + "\" is missing");
        return fallback;
    }
    if (!it->is_string())
        bad(origin, where, std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
}

std::int64_t bytes(const json& obj, const char* key, const std::string& origin, const std::string& where)
{
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        bad(origin, where, std::string("\"") + key + "\" must be a whole number of bytes");
    const auto v = it->get<std::int64_t>();
    if (v < 0 || v > kMaxBytes)
        bad(origin, where, std::string("\"") + key + "\" is out of range (0 .. 1 PiB)");
    return v;
}

int boundedInt(const json& obj, const char* key, int lo, int hi, const std::string& origin, const std::string& where)
{
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer())
        bad(origin, where, std::string("\"") + key + "\" must be a whole number");
    const auto v = it->get<std::int64_t>();
    if (v < lo || v > hi)
        bad(origin, where, std::string("\"") + key + "\" is out of range (" + std::to_string(lo) + " .. " +
                               std::to_string(hi) + ")");
    return static_cast<int>(v);
}

CatalogueEntry parseEntry(const json& m, const std::string& origin, const std::string& where)
{
    if (!m.is_object())
        bad(origin, where, "must be an object");
    CatalogueEntry e;
    e.repoId = str(m, "repo", origin, where, true);
    if (!isValidRepoId(e.repoId))
        bad(origin, where, "\"repo\" is not ORG/NAME: \"" + e.repoId + "\"");
    const std::string at = where + " (" + e.repoId + ")";
    e.family = str(m, "family", origin, at, true);
    e.name = str(m, "name", origin, at, false, e.repoId);
    e.description = str(m, "description", origin, at, false);
    e.revision = str(m, "revision", origin, at, false, "main");
    if (!isValidRevision(e.revision))
        bad(origin, at, "\"revision\" is not a valid revision: \"" + e.revision + "\"");

    const auto files = m.find("files");
    if (files == m.end() || !files->is_array() || files->empty())
        bad(origin, at, "\"files\" must be a non-empty array of patterns");
    for (const auto& p : *files) {
        if (!p.is_string() || p.get<std::string>().empty())
            bad(origin, at, "\"files\" holds a pattern that is not a non-empty string");
        e.allowPatterns.push_back(p.get<std::string>());
    }

    const auto variants = m.find("variants");
    if (variants == m.end() || !variants->is_array() || variants->empty())
        bad(origin, at, "\"variants\" must be a non-empty array");
    for (const auto& v : *variants) {
        if (!v.is_object())
            bad(origin, at, "\"variants\" holds an entry that is not an object");
        VariantSize s;
        s.variant = str(v, "variant", origin, at, false);
        s.downloadBytes = bytes(v, "download_bytes", origin, at + " variant \"" + s.variant + "\"");
        s.diskBytes = bytes(v, "disk_bytes", origin, at + " variant \"" + s.variant + "\"");
        if (s.diskBytes < s.downloadBytes)
            bad(origin, at, "variant \"" + s.variant + "\": disk_bytes is smaller than download_bytes");
        if (e.offersVariant(s.variant))
            bad(origin, at, "variant \"" + s.variant + "\" is listed twice");
        e.sizes.push_back(s);
    }
    const auto est = m.find("sizes_estimated");
    e.sizesEstimated = est == m.end() || !est->is_boolean() || est->get<bool>();

    const auto gpu = m.find("gpu_memory");
    if (gpu != m.end()) {
        if (!gpu->is_object())
            bad(origin, at, "\"gpu_memory\" must be an object");
        e.gpuMemorySource = str(*gpu, "source", origin, at + " gpu_memory", true);
        const auto tiers = gpu->find("tiers");
        if (tiers == gpu->end() || !tiers->is_array())
            bad(origin, at, "\"gpu_memory.tiers\" must be an array");
        for (const auto& t : *tiers) {
            if (!t.is_object())
                bad(origin, at, "a GPU tier is not an object");
            GpuTier tier;
            tier.name = str(t, "name", origin, at + " tier", true);
            const std::string tw = at + " tier " + tier.name;
            tier.width = boundedInt(t, "width", 8, kMaxSide, origin, tw);
            tier.height = boundedInt(t, "height", 8, kMaxSide, origin, tw);
            tier.frames = boundedInt(t, "frames", 1, kMaxFrames, origin, tw);
            tier.bytes = bytes(t, "bytes", origin, tw);
            e.tiers.push_back(tier);
        }
    }
    return e;
}

fs::path executableDir()
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    return fs::path(std::string(buf, static_cast<std::size_t>(n))).parent_path();
}

} // namespace

const VariantSize* CatalogueEntry::size(const std::string& variant) const
{
    for (const VariantSize& s : sizes)
        if (s.variant == variant)
            return &s;
    return nullptr;
}

const CatalogueEntry* Catalogue::find(const std::string& repoId) const
{
    for (const CatalogueEntry& e : models)
        if (e.repoId == repoId)
            return &e;
    return nullptr;
}

Catalogue parseCatalogue(const std::string& jsonText, const std::string& origin)
{
    const json j = parseJsonLimited(jsonText);
    if (j.is_discarded() || !j.is_object())
        bad(origin, "top level", "not a JSON object");
    Catalogue c;
    c.schemaVersion = boundedInt(j, "schema_version", 1, 1, origin, "top level");
    const auto models = j.find("models");
    if (models == j.end() || !models->is_array())
        bad(origin, "top level", "\"models\" must be an array");
    for (std::size_t i = 0; i < models->size(); ++i) {
        CatalogueEntry e = parseEntry((*models)[i], origin, "models[" + std::to_string(i) + "]");
        if (c.find(e.repoId))
            bad(origin, "models[" + std::to_string(i) + "]", e.repoId + " is listed twice");
        c.models.push_back(std::move(e));
    }
    return c;
}

Catalogue loadCatalogue(const fs::path& overridePath)
{
    if (!overridePath.empty())
        return parseCatalogue(readFileBytes(overridePath, 16u << 20), overridePath.string());
    const fs::path exeDir = executableDir();
    if (!exeDir.empty()) {
        const fs::path installed = exeDir.parent_path() / "share" / "i2v-studio" / "models" / "catalogue.json";
        std::error_code ec;
        if (fs::is_regular_file(installed, ec)) {
            try {
                return parseCatalogue(readFileBytes(installed, 16u << 20), installed.string());
            } catch (const I2vError&) {
                // A damaged installed copy: the compiled-in one is the same data.
            }
        }
    }
    return parseCatalogue(builtinCatalogueJson(), "built-in catalogue");
}

} // namespace i2v::hub
