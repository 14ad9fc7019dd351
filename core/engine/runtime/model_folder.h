#pragma once
// Diffusers model folders (model_index.json + one sub-folder per component) and the Hugging Face hub
// cache. Torch-free; reads only JSON files and directory entries, never weights.

#include "core/base/hf_home.h" // huggingFaceHubCache(), findCachedModel(): the hub cache rules

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

struct ModelComponent {
    std::string name;      // "unet", "text_encoder", ... (model_index.json key == sub-folder name)
    std::string library;   // "diffusers" / "transformers"
    std::string className; // "I2VGenXLUNet", "CLIPTokenizer", ...
    std::filesystem::path folder;
    std::filesystem::path weights; // chosen weights file (models only; empty for tokenizer/scheduler/...)
};

struct ModelFolder {
    std::filesystem::path root;
    std::string pipelineClass;    // model_index.json "_class_name"
    std::string diffusersVersion; // "_diffusers_version" (may be empty)
    std::vector<ModelComponent> components; // model_index.json order is not kept: sorted by name
    std::string repoId;   // "ORG/NAME" when found in the hub cache, else empty
    std::string revision; // snapshot revision (commit hash) from the hub cache, else empty

    const ModelComponent* component(const std::string& name) const; // nullptr when absent
};

// Checks a diffusers folder: model_index.json parses and has "_class_name"; every component listed as
// [library, class] (entries [null, null] are skipped) has its sub-folder and files:
//   *T5Tokenizer*: spiece.model; other *Tokenizer*: vocab.json + merges.txt; *Scheduler: scheduler_config.json;
//   *ImageProcessor / *FeatureExtractor: preprocessor_config.json; anything else (a model): config.json
//   and a weights file (componentWeightsFile). `requiredComponents` must all be listed.
// Throws I2vError: ModelNotFound (no folder / no model_index.json), ModelInvalid naming the missing or
// broken part, UnsafeWeightsFormat when a model has only pickle weights.
ModelFolder openModelFolder(const std::filesystem::path& root, bool preferFp16 = true,
                            const std::vector<std::string>& requiredComponents = {});

// The weights file of a model component folder, first found of (stem = diffusion_pytorch_model, then
// model): <stem>.fp16.safetensors (when preferFp16), <stem>.safetensors, <stem>.fp16.safetensors,
// <stem>.fp16.safetensors.index.json (when preferFp16), <stem>.safetensors.index.json,
// <stem>.fp16.safetensors.index.json. Broken links (an incomplete hub download) do not count.
// Throws UnsafeWeightsFormat when only pickle files (*.bin, *.ckpt, *.pt, *.pth) are there, ModelInvalid
// otherwise.
std::filesystem::path componentWeightsFile(const std::filesystem::path& componentDir, bool preferFp16 = true);

// CachedModel, findCachedModel() and listCachedModels() (the hub cache lookup) live in core/base/hf_home.h.

// What the user named: an existing folder, else "ORG/NAME" looked up in the hub cache (`hubCache`, or
// the default one when empty). Throws ModelNotFound with what was tried and how to download the model.
ModelFolder resolveModel(const std::string& spec, const std::filesystem::path& hubCache = {},
                         bool preferFp16 = true);

} // namespace i2v
