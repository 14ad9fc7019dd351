#pragma once
// The model catalogue: the repositories this app can run, as data (resources/models/catalogue.json,
// installed to share/i2v-studio/models/ and compiled in as the fallback). Each entry says which files the
// pipeline needs (allow patterns; the downloader keeps safetensors and small config files only), which
// variants exist, how much it downloads, how much disk it needs and the GPU memory per tier.
// Sizes are for display and planning; the downloader uses the Hub listing's exact sizes.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace i2v::hub {

struct GpuTier {
    std::string name;       // "Draft", "Standard", "Best"
    int width = 0, height = 0, frames = 0;
    std::int64_t bytes = 0; // peak GPU memory
};

struct VariantSize {
    std::string variant;               // "" (the default files) or "fp16"
    std::int64_t downloadBytes = 0;
    std::int64_t diskBytes = 0;        // what the free-space check asks for (download + reserve)
};

struct CatalogueEntry {
    std::string repoId;   // "ali-vilab/i2vgen-xl"
    std::string family;   // engine family id ("i2vgen-xl", "wan")
    std::string name;     // display name
    std::string description;
    std::string revision = "main";
    std::vector<std::string> allowPatterns; // fnmatch patterns ('*' crosses '/'), as huggingface_hub's
    std::vector<VariantSize> sizes;         // one per variant offered; the first is the default
    bool sizesEstimated = true;
    std::string gpuMemorySource;            // "memory_model" or "estimate: ..." (how the tiers were made)
    std::vector<GpuTier> tiers;             // small to large

    const VariantSize* size(const std::string& variant) const; // nullptr when the variant is not offered
    bool offersVariant(const std::string& variant) const { return size(variant) != nullptr; }
};

struct Catalogue {
    int schemaVersion = 1;
    std::vector<CatalogueEntry> models;
    const CatalogueEntry* find(const std::string& repoId) const; // case-sensitive, nullptr when absent
};

// Parses catalogue JSON. Throws I2vError(InvalidArgument) naming `origin` and the field on any problem
// (unknown schema_version, missing repo/family, negative sizes, a repo id that is not ORG/NAME, ...).
Catalogue parseCatalogue(const std::string& jsonText, const std::string& origin);

// The catalogue JSON compiled into the program (resources/models/catalogue.json at build time).
const std::string& builtinCatalogueJson();

// The installed catalogue file next to the program (<exe>/../share/i2v-studio/models/catalogue.json) when
// it exists and parses, else the built-in one. `overridePath` (non-empty) is read instead and must parse.
Catalogue loadCatalogue(const std::filesystem::path& overridePath = {});

} // namespace i2v::hub
