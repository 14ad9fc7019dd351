#pragma once
// A loaded model, ready to generate. Implementations live in core/engine/models/<family>/ and are only
// ever called from the service's single worker thread.

#include "core/base/cancel.h"
#include "core/base/progress.h"
#include "core/request/generation_request.h"

namespace i2v {

class Pipeline {
public:
    virtual ~Pipeline() = default;
    // Generates frames. Emits ProgressEvents through `observer`; checks `cancel` between steps and throws
    // I2vError(Cancelled) there. Throws I2vError for every other failure (OutOfMemory included).
    virtual GenerationResult run(const GenerationRequest& request, const ProgressObserver& observer,
                                 const CancelToken& cancel) = 0;
    // Frees cached embeddings and device memory that a later run could reuse.
    virtual void releaseCaches() {}
};

} // namespace i2v
