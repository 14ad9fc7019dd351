#include "core/base/hf_home.h"

#include <cstdlib>

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

} // namespace i2v
