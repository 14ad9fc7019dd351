#pragma once
// What the engine's runtime (LibTorch) can tell and do for front ends, without torch in the header:
// the CUDA caching allocator's figures for the memory gauge and job records, giving cached device
// memory back after a job, and one line describing the runtime for logs and `--version`.

#include <cstdint>
#include <string>

namespace i2v {

struct AllocatorStats {
    bool valid = false;                // false: CPU-only build, no GPU, or CUDA not used yet in this process
    std::int64_t allocatedBytes = 0;   // tensors alive now
    std::int64_t reservedBytes = 0;    // held by the caching allocator (allocated + cached free blocks)
    std::int64_t peakAllocatedBytes = 0; // since the last resetAllocatorPeak (the current job's peak)
    std::int64_t peakReservedBytes = 0;
};

// Statistics of CUDA device `device` (0 = first). Never creates a CUDA context: before this process has
// used the device the result is !valid. Thread-safe and cheap (no device synchronisation).
AllocatorStats cudaAllocatorStats(int device = 0);
// Starts a new peak for cudaAllocatorStats on every device this process uses (no-op without CUDA).
void resetAllocatorPeak();

// Returns the caching allocator's free blocks to the driver on every device this process uses (after a
// failed or cancelled job, on "Unload"), so other programs and the next job start from a clean slate.
// No-op on the CPU. Call only while no job runs (the worker thread, or with the queue idle).
void releaseCachedDeviceMemory();

// Low-VRAM mode (a machine setting, not part of a recipe: it changes memory and speed, never the clip):
// pipelines loaded while it is on keep their text and image encoders in system RAM and move each to the
// GPU only while it runs (diffusers' model CPU offload, for the encoders). Applies to the next load; the
// service's resident-pipeline key includes it. Off by default.
void setLowVramMode(bool on);
bool lowVramMode();

// "LibTorch 2.11.0, CUDA 13.0, 1 GPU (NVIDIA H200)" or "LibTorch 2.11.0, CUDA 13.0 build, no GPU found".
// Initialises CUDA's device query once (cheap; no context on the device).
std::string runtimeSummary();

} // namespace i2v
