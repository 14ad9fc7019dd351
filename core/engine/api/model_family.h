#pragma once
// A model family: probes folders, loads pipelines, describes its parameters.

#include "core/engine/api/params.h"
#include "core/engine/api/pipeline.h"
#include "core/base/model_shape.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace i2v {

struct LoadOptions {
    std::string device = "auto"; // "auto" = CUDA when available, else CPU
    std::string dtype = "auto";   // "auto" = float16 on CUDA, float32 on CPU
};

struct ModelInfo {
    std::string family;   // family id
    std::string path;     // folder
    std::string id;       // "ali-vilab/i2vgen-xl" when known, else the folder name
    std::string revision; // snapshot hash when from the HF cache
};

class ModelFamily {
public:
    virtual ~ModelFamily() = default;
    virtual std::string id() const = 0;            // "camera-motion", "i2vgen-xl"
    virtual std::string displayName() const = 0;   // "Camera motion (built-in)"
    virtual std::string description() const = 0;
    virtual bool needsWeights() const = 0;
    virtual int promptTokenLimit() const { return 0; } // 0 = no limit shown
    // True if `folder` holds a model of this family (cheap: reads configs only, never weights).
    virtual bool probe(const std::string& folder) const = 0;
    // Model folders of this family found in default places (HF cache). Cheap.
    virtual std::vector<ModelInfo> discover() const { return {}; }
    // Loads weights and returns a pipeline. Throws I2vError (ModelInvalid, WeightsCorrupt, OutOfMemory, ...).
    virtual std::unique_ptr<Pipeline> load(const std::string& folder, const LoadOptions& options) const = 0;
    virtual std::vector<ParamSpec> parameters() const = 0;
    // Best of N (core/service/best_of.h): variation `index` (1..N-1; index 0 is the request as asked) has
    // already been given its own seed; a family whose clips the seed barely changes varies other settings
    // here (the built-in camera engine: another move or strength). Must stay within the parameter schema.
    // Default: nothing more.
    virtual void varyForBestOf(GenerationRequest& request, int index) const
    {
        (void)request;
        (void)index;
    }
    // What the memory model (core/presets/memory_model.h, used by the service and the window) needs to
    // estimate a run with the model in `folder` (core/base/model_shape.h): read from its configs and weight
    // file sizes only (cheap, torch-free, never loads weights). nullopt when this family offers no
    // estimate. Throws I2vError(ModelInvalid) naming the bad config.
    virtual std::optional<ModelShape> memoryShape(const std::string& folder) const
    {
        (void)folder;
        return std::nullopt;
    }
};

} // namespace i2v
