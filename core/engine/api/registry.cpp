#include "core/engine/api/registry.h"

#include "core/base/error.h"
#include "core/request/request_fields.h"

#include <algorithm>
#include <mutex>
#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>

namespace i2v {

// modelFamilies(): core/engine/models/families.cpp (the registration list names the model folders).

const ModelFamily* findModelFamily(const std::string& id)
{
    for (const ModelFamily* f : modelFamilies())
        if (f->id() == id)
            return f;
    return nullptr;
}

const ModelFamily* familyForFolder(const std::string& folder)
{
    for (const ModelFamily* f : modelFamilies())
        if (f->needsWeights() && f->probe(folder))
            return f;
    return nullptr;
}

void validateRequest(const ModelFamily& family, const GenerationRequest& request)
{
    for (const ParamSpec& p : family.parameters()) {
        if (p.kind != ParamKind::Int && p.kind != ParamKind::Float)
            continue;
        const std::optional<double> value = requestNumber(request, p.name);
        if (!value)
            continue;
        if (const std::optional<std::string> why = schemaViolation(p, *value))
            fail(ErrorCode::InvalidArgument, *why);
    }
    if (request.image.empty())
        fail(ErrorCode::InvalidArgument, "no input image");
}

void initEngineRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // CUDA numbers devices fastest-first by default, NVML by PCI bus: make them agree, so "--device auto"
        // (the GPU with the most free memory, found through NVML) names the same card to CUDA. Must happen
        // before CUDA initialises; a user's own setting wins.
        ::setenv("CUDA_DEVICE_ORDER", "PCI_BUS_ID", /*overwrite=*/0);
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        at::set_num_threads(static_cast<int>(cores));
    });
}

} // namespace i2v
