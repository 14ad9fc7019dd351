#pragma once
// GPU memory monitor: device memory used/total and utilisation through NVML, which is loaded at run time
// with dlopen("libnvidia-ml.so.1") so the program starts on machines without an NVIDIA driver; this
// process's resident memory from /proc/self/status as the CPU-only fallback. Plain C++, no Qt, no torch.
// Thread-safety: one GpuMonitor per thread (sample() is not synchronised); the NVML library handle is
// shared and loaded once.

#include <cstdint>
#include <functional>
#include <string>

namespace i2v {

struct GpuMemorySample {
    bool hasGpu = false;              // NVML loaded and device 0 answered
    std::string deviceName;           // "NVIDIA H100 80GB HBM3"; empty without a GPU
    std::int64_t deviceUsedBytes = 0; // device memory in use by every process (NVML), 0 without a GPU
    std::int64_t deviceTotalBytes = 0;
    int utilizationPercent = -1;      // GPU core utilisation, -1 when unknown
    std::int64_t processRssBytes = 0; // this process's resident set (VmRSS), 0 when unknown
    std::int64_t allocatorBytes = -1; // torch allocator bytes in use when a hook is installed, else -1
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
    static void setAllocatorStatsHook(std::function<std::int64_t()> hook);

private:
    void* m_device = nullptr; // nvmlDevice_t
    std::string m_name;
    std::string m_reason;
};

// VmRSS of this process in bytes from /proc/self/status; 0 when unavailable.
std::int64_t readProcessRssBytes();
// Parses the "VmRSS:   12345 kB" line out of /proc/<pid>/status text; 0 when absent.
std::int64_t parseVmRssBytes(const std::string& statusText);

} // namespace i2v
