#include "core/service/oom_retry.h"

#include "core/engine/api/model_family.h"
#include "core/service/fit_estimate.h"

#include <algorithm>
#include <cmath>

namespace i2v {
namespace {

const ParamSpec* findSpec(const std::vector<ParamSpec>& specs, const char* name)
{
    for (const ParamSpec& s : specs)
        if (s.name == name)
            return &s;
    return nullptr;
}

// `value` rounded down to the spec's required multiple and clamped to its range.
int fitToSpec(const ParamSpec* spec, int value)
{
    return spec ? static_cast<int>(floorToSchema(*spec, value)) : value;
}

} // namespace

presets::RunSettings runSettingsFor(const GenerationRequest& request)
{
    presets::RunSettings run;
    run.width = request.width;
    run.height = request.height;
    run.frames = request.frames;
    run.steps = request.steps;
    run.decodeChunk = std::max(1, request.decodeChunk);
    run.cuda = request.device != "cpu";
    run.bytesPerElement = (request.dtype == "float32" || (request.dtype == "auto" && !run.cuda)) ? 4 : 2;
    return run;
}

std::optional<GenerationRequest> smallerAfterOutOfMemory(const ModelFamily& family, const GenerationRequest& failed)
{
    std::optional<presets::ModelShape> shape;
    try {
        shape = family.memoryShape(failed.modelDir);
    } catch (const std::exception&) {
        return std::nullopt; // unreadable configs: no informed retry; the original error stands
    }
    if (!shape)
        return std::nullopt;
    const auto down = presets::nextTierDown(*shape, runSettingsFor(failed), settingsGridFor(family));
    if (!down)
        return std::nullopt;
    const std::vector<ParamSpec> specs = family.parameters();
    GenerationRequest smaller = failed;
    smaller.width = fitToSpec(findSpec(specs, "width"), std::min(down->width, failed.width));
    smaller.height = fitToSpec(findSpec(specs, "height"), std::min(down->height, failed.height));
    smaller.frames = fitToSpec(findSpec(specs, "frames"), std::min(down->frames, failed.frames));
    if (findSpec(specs, "decode_chunk"))
        smaller.decodeChunk = 1;
    const bool smallerSomewhere = smaller.width < failed.width || smaller.height < failed.height ||
                                  smaller.frames < failed.frames || smaller.decodeChunk < failed.decodeChunk;
    const bool largerSomewhere = smaller.width > failed.width || smaller.height > failed.height ||
                                 smaller.frames > failed.frames;
    if (!smallerSomewhere || largerSomewhere)
        return std::nullopt;
    return smaller;
}

std::string sizeLabel(const GenerationRequest& request)
{
    return std::to_string(request.width) + "\u00d7" + std::to_string(request.height) + "\u00d7" +
           std::to_string(request.frames);
}

} // namespace i2v
