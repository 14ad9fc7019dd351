#pragma once
// Where the Hugging Face hub cache lives, by huggingface_hub's own rules (constants.py of huggingface_hub
// 2.4): shared by the model finder (core/engine/runtime/model_folder) and the downloader (core/hub), so
// both see the same folder diffusers and ComfyUI use. Plain C++; no Qt, no torch.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

// Looks an environment variable up (empty or unset = absent). Defaults to the process environment.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

// The process environment as an EnvLookup (empty values count as unset).
EnvLookup processEnvironment();

// $HF_HOME, else $XDG_CACHE_HOME/huggingface, else $HOME/.cache/huggingface.
std::filesystem::path huggingFaceHome(const EnvLookup& env = {});

// The hub cache folder: $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE (legacy), else $HF_HOME/hub, else
// $XDG_CACHE_HOME/huggingface/hub, else $HOME/.cache/huggingface/hub.
std::filesystem::path huggingFaceHubCache(const EnvLookup& env = {});

// "ORG/NAME" -> "models--ORG--NAME" (huggingface_hub's repo_folder_name for model repositories).
std::string hubRepoFolderName(const std::string& repoId);

struct CachedModel {
    std::string repoId;              // "ORG/NAME"
    std::filesystem::path snapshot;  // <cache>/models--ORG--NAME/snapshots/<revision>
    std::string revision;
};

// A repository in the hub cache: refs/main names the snapshot; without refs/main the only (or most
// recently modified) snapshot is used. Snapshots may hold links into blobs/ or real files.
std::optional<CachedModel> findCachedModel(const std::string& repoId, const std::filesystem::path& hubCache);
// Every models--*--* repository with a usable snapshot, sorted by repoId.
std::vector<CachedModel> listCachedModels(const std::filesystem::path& hubCache);

} // namespace i2v
