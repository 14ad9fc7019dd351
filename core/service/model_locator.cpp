#include "core/service/model_locator.h"

#include "core/base/error.h"
#include "core/base/hf_home.h"
#include "core/base/json_limits.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"

#include <filesystem>
#include <regex>

namespace i2v {
namespace {
namespace fs = std::filesystem;

bool looksLikeRepoId(const std::string& spec)
{
    static const std::regex repoId("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$");
    return std::regex_match(spec, repoId);
}

// The Hugging Face cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub): models--ORG--NAME,
// refs/main, else the newest snapshot (core/base/hf_home.h, the rules the engine's finder uses).
std::string resolveFromHfCache(const std::string& repoId)
{
    const fs::path cache = huggingFaceHubCache();
    if (const auto cached = findCachedModel(repoId, cache))
        return cached->snapshot.string();
    fail(ErrorCode::ModelNotFound, repoId + ": no such folder, and not in the Hugging Face cache " + cache.string() +
                                       ". Download it with `i2v models pull " + repoId +
                                       "`, or pass the model folder instead");
}

} // namespace

std::string resolveModelLocation(const std::string& spec)
{
    if (spec.empty())
        fail(ErrorCode::ModelNotFound, "--model is empty");
    std::error_code ec;
    const fs::path path(spec);
    if (fs::is_directory(path, ec))
        return fs::absolute(path, ec).lexically_normal().string();
    if (fs::exists(path, ec))
        fail(ErrorCode::ModelNotFound, spec + ": is a file; pass the model folder (the one with model_index.json)");
    if (looksLikeRepoId(spec))
        return resolveFromHfCache(spec);
    fail(ErrorCode::ModelNotFound, spec + ": no such model folder");
}

const ModelFamily& familyForModelFolder(const std::string& folder)
{
    if (const ModelFamily* family = familyForFolder(folder))
        return *family;
    // Say what is wrong with the folder's model_index.json, naming the file, instead of a bare "no engine".
    const fs::path index = fs::path(folder) / "model_index.json";
    std::error_code ec;
    if (!fs::exists(index, ec))
        fail(ErrorCode::ModelNotFound, index.string() + " is missing: this is not a diffusers model folder. Pass the "
                                                        "folder of the whole download (it holds model_index.json, "
                                                        "unet/, vae/, ...).");
    std::string text;
    try {
        text = readFileBytes(index, 1u << 20);
    } catch (const I2vError& e) {
        fail(ErrorCode::ModelInvalid, std::string(e.what()) + " (the model's index file)");
    }
    const nlohmann::json j = parseJsonLimited(text); // too deep counts as not valid JSON here
    if (j.is_discarded())
        fail(ErrorCode::ModelInvalid, index.string() + " is not valid JSON. The download is damaged; download the "
                                                       "model again.");
    if (!j.is_object())
        fail(ErrorCode::ModelInvalid, index.string() + " is not a JSON object. The download is damaged; download the "
                                                       "model again.");
    const auto name = j.find("_class_name");
    if (name == j.end() || !name->is_string())
        fail(ErrorCode::ModelInvalid, index.string() + " names no pipeline (\"_class_name\"). The download is "
                                                       "damaged; download the model again.");
    fail(ErrorCode::ModelNotFound, index.string() + ": the pipeline \"" + name->get<std::string>() +
                                       "\" is not one this app runs (see `i2v engines`).");
}

} // namespace i2v
