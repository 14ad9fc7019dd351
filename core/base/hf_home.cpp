#include "core/base/hf_home.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace i2v {
namespace fs = std::filesystem;

EnvLookup processEnvironment()
{
    return [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        return v && *v ? std::optional<std::string>(v) : std::nullopt;
    };
}

namespace {
std::optional<std::string> lookUp(const EnvLookup& env, const char* name)
{
    auto v = (env ? env : processEnvironment())(name);
    return v && !v->empty() ? v : std::nullopt;
}
} // namespace

fs::path huggingFaceHome(const EnvLookup& env)
{
    if (const auto v = lookUp(env, "HF_HOME"))
        return *v;
    if (const auto v = lookUp(env, "XDG_CACHE_HOME"))
        return fs::path(*v) / "huggingface";
    return fs::path(lookUp(env, "HOME").value_or("/")) / ".cache" / "huggingface";
}

fs::path huggingFaceHubCache(const EnvLookup& env)
{
    if (const auto v = lookUp(env, "HF_HUB_CACHE"))
        return *v;
    if (const auto v = lookUp(env, "HUGGINGFACE_HUB_CACHE"))
        return *v;
    return huggingFaceHome(env) / "hub";
}

std::string hubRepoFolderName(const std::string& repoId)
{
    std::string out = "models";
    std::size_t start = 0;
    while (true) {
        const auto slash = repoId.find('/', start);
        out += "--" + repoId.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (slash == std::string::npos)
            return out;
        start = slash + 1;
    }
}

namespace {
bool isDir(const fs::path& p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}
bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}
std::string trim(std::string s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}
} // namespace

std::optional<CachedModel> findCachedModel(const std::string& repoId, const fs::path& hubCache)
{
    const auto slash = repoId.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == repoId.size() ||
        repoId.find('/', slash + 1) != std::string::npos)
        return std::nullopt;
    const fs::path repo = hubCache / hubRepoFolderName(repoId);
    const fs::path snapshots = repo / "snapshots";
    if (!isDir(snapshots))
        return std::nullopt;

    std::string revision;
    if (isFile(repo / "refs" / "main")) {
        std::ifstream in(repo / "refs" / "main");
        std::getline(in, revision);
        revision = trim(revision);
    }
    if (revision.empty() || revision.find('/') != std::string::npos || !isDir(snapshots / revision)) {
        // No usable ref: the most recently modified snapshot.
        revision.clear();
        fs::file_time_type newest{};
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(snapshots, ec)) {
            if (!entry.is_directory(ec))
                continue;
            const auto t = fs::last_write_time(entry.path(), ec);
            if (revision.empty() || t > newest) {
                newest = t;
                revision = entry.path().filename().string();
            }
        }
        if (revision.empty())
            return std::nullopt;
    }
    return CachedModel{repoId, snapshots / revision, revision};
}

std::vector<CachedModel> listCachedModels(const fs::path& hubCache)
{
    std::vector<CachedModel> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(hubCache, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("models--", 0) != 0 || !entry.is_directory(ec))
            continue;
        const std::string rest = name.substr(8);
        const auto sep = rest.find("--");
        if (sep == std::string::npos || sep == 0 || sep + 2 >= rest.size())
            continue;
        if (auto m = findCachedModel(rest.substr(0, sep) + "/" + rest.substr(sep + 2), hubCache))
            out.push_back(std::move(*m));
    }
    std::sort(out.begin(), out.end(), [](const CachedModel& a, const CachedModel& b) { return a.repoId < b.repoId; });
    return out;
}

} // namespace i2v
