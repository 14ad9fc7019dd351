// Diffusers model folders and the Hugging Face hub cache (see model_folder.h). Follows the layout
// written by diffusers' save_pretrained / huggingface_hub's snapshot_download: model_index.json maps
// component names to [library, class]; the cache keeps models--ORG--NAME/{refs/main, snapshots/<rev>/}.

#include "core/engine/runtime/model_folder.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace i2v {
namespace fs = std::filesystem;
namespace {

constexpr std::uintmax_t kMaxConfigBytes = 16u << 20;

// is_regular_file follows links, so a link into blobs/ whose blob is missing counts as absent.
bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool isDir(const fs::path& p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool contains(const std::string& s, const char* part)
{
    return s.find(part) != std::string::npos;
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

[[noreturn]] void invalid(const fs::path& root, const std::string& what)
{
    fail(ErrorCode::ModelInvalid, root.string() + ": " + what +
                                      ". The model folder is incomplete; download the model again (all files).");
}

nlohmann::json readJsonFile(const fs::path& root, const fs::path& file)
{
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec || size > kMaxConfigBytes)
        invalid(root, fs::relative(file, root, ec).string() + " is unreadable or too large");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    try {
        return nlohmann::json::parse(ss.str());
    } catch (const nlohmann::json::exception& e) {
        invalid(root, fs::relative(file, root, ec).string() + " is not valid JSON (" + e.what() + ")");
    }
}

void requireFile(const fs::path& root, const std::string& component, const char* name)
{
    if (!isFile(root / component / name))
        invalid(root, "component '" + component + "' is missing " + component + "/" + name);
}

} // namespace

const ModelComponent* ModelFolder::component(const std::string& name) const
{
    for (const auto& c : components) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

fs::path componentWeightsFile(const fs::path& dir, bool preferFp16)
{
    for (const char* stem : {"diffusion_pytorch_model", "model"}) {
        const std::string s = stem;
        const std::string single = s + ".safetensors", singleFp16 = s + ".fp16.safetensors";
        const std::string index = s + ".safetensors.index.json", indexFp16 = s + ".safetensors.index.fp16.json";
        const std::vector<std::string> order =
            preferFp16 ? std::vector<std::string>{singleFp16, single, indexFp16, index}
                       : std::vector<std::string>{single, singleFp16, index, indexFp16};
        for (const auto& name : order) {
            if (isFile(dir / name))
                return dir / name;
        }
    }
    std::error_code ec;
    std::vector<std::string> pickles;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string ext = entry.path().extension().string();
        if (ext == ".bin" || ext == ".ckpt" || ext == ".pt" || ext == ".pth")
            pickles.push_back(entry.path().filename().string());
    }
    if (!pickles.empty())
        fail(ErrorCode::UnsafeWeightsFormat,
             dir.string() + " has only pickle weights (" + pickles.front() +
                 "), which can run code when loaded and are never opened. Download the .safetensors files of "
                 "this model instead.");
    fail(ErrorCode::ModelInvalid, dir.string() + ": no weights file (diffusion_pytorch_model.safetensors or "
                                                 "model.safetensors, optionally .fp16 or sharded). The download "
                                                 "is incomplete; download the model again.");
}

ModelFolder openModelFolder(const fs::path& root, bool preferFp16, const std::vector<std::string>& required)
{
    if (!isDir(root))
        fail(ErrorCode::ModelNotFound, root.string() + ": model folder not found");
    if (!isFile(root / "model_index.json"))
        fail(ErrorCode::ModelNotFound, root.string() + ": no model_index.json, so this is not a diffusers model "
                                                       "folder. Choose the folder that contains model_index.json.");
    const auto index = readJsonFile(root, root / "model_index.json");
    if (!index.is_object() || !index.contains("_class_name") || !index["_class_name"].is_string())
        invalid(root, "model_index.json has no \"_class_name\"");

    ModelFolder m;
    m.root = root;
    m.pipelineClass = index["_class_name"].get<std::string>();
    if (index.contains("_diffusers_version") && index["_diffusers_version"].is_string())
        m.diffusersVersion = index["_diffusers_version"].get<std::string>();

    for (const auto& [name, value] : index.items()) {
        if (name.empty() || name.front() == '_')
            continue;
        if (!value.is_array() || value.size() != 2)
            continue; // plain settings such as "requires_safety_checker": false
        if (value[0].is_null() && value[1].is_null())
            continue; // optional component left out
        if (!value[0].is_string() || !value[1].is_string())
            invalid(root, "model_index.json entry '" + name + "' is not [library, class]");
        if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos || name == "..")
            invalid(root, "model_index.json names an invalid component '" + name + "'");
        ModelComponent c;
        c.name = name;
        c.library = value[0].get<std::string>();
        c.className = value[1].get<std::string>();
        c.folder = root / name;
        if (!isDir(c.folder))
            invalid(root, "component folder '" + name + "/' (" + c.className + ") is missing");
        if (contains(c.className, "T5Tokenizer")) {
            requireFile(root, name, "spiece.model"); // SentencePiece (T5/UMT5: Wan)
        } else if (contains(c.className, "Tokenizer")) {
            requireFile(root, name, "vocab.json");
            requireFile(root, name, "merges.txt");
        } else if (endsWith(c.className, "Scheduler")) {
            requireFile(root, name, "scheduler_config.json");
            readJsonFile(root, c.folder / "scheduler_config.json");
        } else if (contains(c.className, "ImageProcessor") || contains(c.className, "FeatureExtractor")) {
            requireFile(root, name, "preprocessor_config.json");
            readJsonFile(root, c.folder / "preprocessor_config.json");
        } else {
            requireFile(root, name, "config.json");
            if (!readJsonFile(root, c.folder / "config.json").is_object())
                invalid(root, name + "/config.json is not a JSON object");
            c.weights = componentWeightsFile(c.folder, preferFp16);
        }
        m.components.push_back(std::move(c));
    }
    std::sort(m.components.begin(), m.components.end(),
              [](const ModelComponent& a, const ModelComponent& b) { return a.name < b.name; });
    for (const auto& name : required) {
        if (!m.component(name))
            invalid(root, "model_index.json does not list the component '" + name + "' that " +
                              m.pipelineClass + " needs");
    }
    return m;
}

ModelFolder resolveModel(const std::string& spec, const fs::path& hubCache, bool preferFp16)
{
    if (spec.empty())
        fail(ErrorCode::ModelNotFound, "no model folder given");
    if (isDir(spec))
        return openModelFolder(spec, preferFp16);
    const fs::path cache = hubCache.empty() ? huggingFaceHubCache() : hubCache;
    if (const auto cached = findCachedModel(spec, cache)) {
        ModelFolder m = openModelFolder(cached->snapshot, preferFp16);
        m.repoId = cached->repoId;
        m.revision = cached->revision;
        return m;
    }
    fail(ErrorCode::ModelNotFound,
         "'" + spec + "' is neither a folder nor a model in the Hugging Face cache (" + cache.string() +
             "). Choose the model folder, or download it first, e.g. huggingface-cli download " +
             (spec.find('/') != std::string::npos ? spec : std::string("ali-vilab/i2vgen-xl")) + ".");
}

} // namespace i2v
