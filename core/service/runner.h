#pragma once
// Runs one job end to end on the worker thread: validate → load (or reuse) the pipeline → generate →
// encode the output atomically with the recipe → sidecar. Every failure is mapped to an ErrorCode here,
// in one place (torch's out-of-memory included); on failure or cancel no partial output is left.

#include "core/base/cancel.h"
#include "core/base/progress.h"
#include "core/service/job_queue.h"

namespace i2v {


// Executes `request`; never throws (the outcome carries the error).
JobOutcome runJob(const GenerationRequest& request, const ProgressObserver& observer, const CancelToken& cancel);

// Drops the cached pipeline (frees its memory).
void releasePipelineCache();

} // namespace i2v
