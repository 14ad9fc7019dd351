#pragma once
// Runs one job end to end on the worker thread: validate → load (or reuse) the pipeline → generate →
// encode the output atomically with the recipe → sidecar. Every failure is mapped to an ErrorCode here,
// in one place (torch's out-of-memory included); on failure or cancel no partial output is left.

#include "core/base/cancel.h"
#include "core/base/progress.h"
#include "core/service/job_types.h"

#include <chrono>
#include <string>

namespace i2v {

// Executes `request`; never throws (the outcome carries the error).
// - The image: request.image, or (when empty) loaded from request.imagePath here, so a broken file is a
//   job failure like any other (ImageCorrupt, FileNotFound, ...).
// - The family: `families(request.family)` when given (tests inject fakes), else the registry.
// - Output paths are decided before any work (see output_naming.h): an existing file is never replaced.
// - Progress: Loading, the engine's own events, Writing, Done; elapsedMs is measured from the job's start
//   and memoryBytes falls back to the process RSS when the engine reports 0.
// - peakMemoryBytes: the largest memoryBytes seen, or the process peak RSS (VmHWM) if larger.
// - Out-of-memory ladder: when an attempt fails with OutOfMemory and request.retrySmallerOnOutOfMemory,
//   the job runs once more at smallerAfterOutOfMemory() (oom_retry.h): logged as a warning, announced as a
//   Loading event ("out of memory at 768×768×24; retrying at 512×512×16"), noted in outcome.log, with
//   outcome.retriedSmaller and outcome.used / recipeJson (and the recipe written with the output) giving
//   the settings actually used. No second retry. Without a smaller setting the OutOfMemory error stands.
// - The recipe records the image path made absolute, so a sidecar works as a batch line from any folder.
JobOutcome runJob(const GenerationRequest& request, const ProgressObserver& observer, const CancelToken& cancel);
JobOutcome runJob(const GenerationRequest& request, const ProgressObserver& observer, const CancelToken& cancel,
                  const FamilyLookup& families);

// The loaded pipeline stays resident between jobs (a second clip with the same model skips the load).
// Drops the cached pipeline and gives its device memory back to the driver. Thread-safe; never call while
// a job runs on another thread (JobQueue::unloadModel does it on the worker).
void releasePipelineCache();
// releasePipelineCache() when a pipeline is loaded and no job has used it for `idleFor`; true if it did.
bool releasePipelineIfIdle(std::chrono::milliseconds idleFor);
// "i2vgen-xl (/models/i2vgen-xl)" while a pipeline is resident, else empty.
std::string loadedPipelineLabel();

} // namespace i2v
