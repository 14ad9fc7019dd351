#include "core/service/weight_hashes.h"

#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/paths.h"
#include "core/base/sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace i2v {
namespace {

using nlohmann::json;
constexpr int kCacheSchemaVersion = 1;

bool isWeightFile(const fs::path& p)
{
    static const std::array<const char*, 5> kExt = {".safetensors", ".bin", ".pt", ".ckpt", ".pth"};
    const std::string ext = p.extension().string();
    return std::any_of(kExt.begin(), kExt.end(), [&](const char* e) { return ext == e; });
}

std::int64_t mtimeOf(const fs::path& p)
{
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    return ec ? 0 : static_cast<std::int64_t>(t.time_since_epoch().count());
}

} // namespace

std::vector<fs::path> weightFilesIn(const fs::path& modelFolder)
{
    std::vector<fs::path> out;
    std::error_code ec;
    if (modelFolder.empty() || !fs::is_directory(modelFolder, ec))
        return out;
    for (auto it = fs::recursive_directory_iterator(modelFolder, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        if (it.depth() >= 1)
            it.disable_recursion_pending();
        if (it->is_regular_file(ec) && isWeightFile(it->path()))
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

WeightHashCache::WeightHashCache(fs::path cacheFile) : m_file(std::move(cacheFile))
{
    std::error_code ec;
    if (!fs::exists(m_file, ec))
        return;
    try {
        const json root = json::parse(readFileBytes(m_file, 64u << 20));
        for (const auto& [path, j] : root.at("files").items())
            m_entries[path] = {j.at("size").get<std::uintmax_t>(), j.at("mtime").get<std::int64_t>(),
                               j.at("sha256").get<std::string>()};
    } catch (const std::exception& e) {
        m_entries.clear();
        logWarning("weight hash cache " + m_file.string() + " is unreadable (" + e.what() + "); starting afresh");
    }
}

std::string WeightHashCache::hashOf(const fs::path& file, const std::function<bool()>& shouldStop)
{
    std::error_code ec;
    const std::string key = fs::absolute(file, ec).lexically_normal().string();
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec)
        fail(ErrorCode::FileNotFound, file.string() + ": cannot read its size (" + ec.message() + ")");
    const std::int64_t mtime = mtimeOf(file);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_entries.find(key); it != m_entries.end() && it->second.size == size && it->second.mtime == mtime)
            return it->second.sha256;
    }
    const std::string digest = sha256File(file, shouldStop);
    if (digest.empty())
        return {};
    std::lock_guard lock(m_mutex);
    ++m_hashed;
    m_entries[key] = {size, mtime, digest};
    try {
        save();
    } catch (const I2vError& e) {
        logWarning(std::string("weight hash cache not saved: ") + e.what());
    }
    return digest;
}

std::map<std::string, std::string> WeightHashCache::hashModelFolder(const fs::path& modelFolder,
                                                                    const std::function<bool()>& shouldStop)
{
    std::map<std::string, std::string> out;
    for (const fs::path& f : weightFilesIn(modelFolder)) {
        try {
            const std::string digest = hashOf(f, shouldStop);
            if (digest.empty())
                return out;
            out[f.lexically_relative(modelFolder).generic_string()] = digest;
        } catch (const I2vError& e) {
            logWarning(std::string("weight hash skipped: ") + e.what());
        }
    }
    return out;
}

int WeightHashCache::filesHashed() const
{
    std::lock_guard lock(m_mutex);
    return m_hashed;
}

void WeightHashCache::save() const
{
    json files = json::object();
    for (const auto& [path, e] : m_entries)
        files[path] = {{"size", e.size}, {"mtime", e.mtime}, {"sha256", e.sha256}};
    std::error_code ec;
    fs::create_directories(m_file.parent_path(), ec);
    writeFileAtomic(m_file, json{{"schema_version", kCacheSchemaVersion}, {"files", files}}.dump(1), true);
}

} // namespace i2v
