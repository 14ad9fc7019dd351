#pragma once
// GPU memory monitor: device memory used/total and utilisation through NVML, which is loaded at run time
// with dlopen("libnvidia-ml.so.1") so the program starts on machines without an NVIDIA driver; this
// process's resident memory from /proc/self/status as the CPU-only fallback. Plain C++, no Qt, no torch.
// Thread-safety: one GpuMonitor per thread (sample() is not synchronised); the NVML library handle is
// shared and loaded once.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace i2v {

// The engine's CUDA caching allocator, as reported through setAllocatorStatsHook (-1 = unknown).
struct AllocatorReading {
    std::int64_t allocatedBytes = -1;     // tensors alive now
    std::int64_t reservedBytes = -1;      // held by the allocator (allocated + cached)
    std::int64_t peakAllocatedBytes = -1; // peak of allocated since the current job started
    bool known() const { return allocatedBytes >= 0; }
};

struct GpuMemorySample {
    bool hasGpu = false;              // NVML loaded and device 0 answered
    std::string deviceName;           // "NVIDIA H100 80GB HBM3"; empty without a GPU
    std::int64_t deviceUsedBytes = 0; // device memory in use by every process (NVML), 0 without a GPU
    std::int64_t deviceTotalBytes = 0;
    int utilizationPercent = -1;      // GPU core utilisation, -1 when unknown
    std::int64_t processRssBytes = 0; // this process's resident set (VmRSS), 0 when unknown
    AllocatorReading allocator;       // this process's CUDA allocator when a hook is installed and reports
};

class GpuMonitor {
public:
    // deviceIndex: NVML device index (0 = first GPU).
    explicit GpuMonitor(unsigned deviceIndex = 0);
    ~GpuMonitor();
    GpuMonitor(const GpuMonitor&) = delete;
    GpuMonitor& operator=(const GpuMonitor&) = delete;

    bool hasGpu() const { return m_device != nullptr; }
    // Why there is no GPU reading ("libnvidia-ml.so.1 not found", ...); empty when there is one.
    const std::string& unavailableReason() const { return m_reason; }
    // Takes one reading; cheap (a few NVML calls and one small /proc read). Never throws.
    GpuMemorySample sample() const;

    // Optional source of allocator statistics (e.g. torch's CUDA caching allocator via an engine api hook).
    // Called from sample(); must be thread-safe and cheap. Pass nullptr to remove.
    static void setAllocatorStatsHook(std::function<AllocatorReading()> hook);

private:
    void* m_device = nullptr; // nvmlDevice_t
    std::string m_name;
    std::string m_reason;
};

// Free memory of every NVIDIA GPU in NVML (PCI bus) order; empty without a driver. Cheap, creates no CUDA
// context. With CUDA_DEVICE_ORDER=PCI_BUS_ID (set by the engine at start-up unless the user set it) and
// no CUDA_VISIBLE_DEVICES, index i here is CUDA device i.
std::vector<std::int64_t> gpuFreeBytes();
// The index of the largest entry (the first on ties); -1 when empty. "--device auto" picks this GPU.
int mostFreeGpu(const std::vector<std::int64_t>& freeBytes);

// VmRSS of this process in bytes from /proc/self/status; 0 when unavailable.
std::int64_t readProcessRssBytes();
// Parses the "VmRSS:   12345 kB" line out of /proc/<pid>/status text; 0 when absent.
std::int64_t parseVmRssBytes(const std::string& statusText);

} // namespace i2v
