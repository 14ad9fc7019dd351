#include "core/gpu/gpu_monitor.h"

#include <dlfcn.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace i2v {
namespace {

// The few NVML entry points we use, with their C signatures (nvml.h is not needed at build time).
using NvmlReturn = int; // NVML_SUCCESS == 0
struct NvmlMemory {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct NvmlUtilization {
    unsigned int gpu;
    unsigned int memory;
};

struct Nvml {
    void* lib = nullptr;
    bool ok = false;
    std::string error;
    NvmlReturn (*init)() = nullptr;
    NvmlReturn (*shutdown)() = nullptr;
    NvmlReturn (*getHandleByIndex)(unsigned int, void**) = nullptr;
    NvmlReturn (*getMemoryInfo)(void*, NvmlMemory*) = nullptr;
    NvmlReturn (*getUtilization)(void*, NvmlUtilization*) = nullptr;
    NvmlReturn (*getName)(void*, char*, unsigned int) = nullptr;
    NvmlReturn (*getCount)(unsigned int*) = nullptr;
};

template <typename F>
bool bind(void* lib, const char* name, F& fn)
{
    fn = reinterpret_cast<F>(::dlsym(lib, name));
    return fn != nullptr;
}

// Loaded once per process and kept loaded (NVML is cheap to keep initialised).
Nvml& nvml()
{
    static Nvml instance;
    static std::once_flag once;
    std::call_once(once, [] {
        Nvml& n = instance;
        n.lib = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!n.lib) {
            n.error = "libnvidia-ml.so.1 not found (no NVIDIA driver)";
            return;
        }
        const bool bound = (bind(n.lib, "nvmlInit_v2", n.init) || bind(n.lib, "nvmlInit", n.init)) &&
                           bind(n.lib, "nvmlShutdown", n.shutdown) &&
                           (bind(n.lib, "nvmlDeviceGetHandleByIndex_v2", n.getHandleByIndex) ||
                            bind(n.lib, "nvmlDeviceGetHandleByIndex", n.getHandleByIndex)) &&
                           bind(n.lib, "nvmlDeviceGetMemoryInfo", n.getMemoryInfo) &&
                           bind(n.lib, "nvmlDeviceGetUtilizationRates", n.getUtilization) &&
                           bind(n.lib, "nvmlDeviceGetName", n.getName) &&
                           (bind(n.lib, "nvmlDeviceGetCount_v2", n.getCount) ||
                            bind(n.lib, "nvmlDeviceGetCount", n.getCount));
        if (!bound) {
            n.error = "libnvidia-ml.so.1 lacks the expected functions";
            return;
        }
        if (n.init() != 0) {
            n.error = "NVML failed to initialise (driver not loaded?)";
            return;
        }
        n.ok = true;
    });
    return instance;
}

std::mutex& hookMutex()
{
    static std::mutex m;
    return m;
}
std::function<AllocatorReading()>& hook()
{
    static std::function<AllocatorReading()> h;
    return h;
}

} // namespace

GpuMonitor::GpuMonitor(unsigned deviceIndex)
{
    Nvml& n = nvml();
    if (!n.ok) {
        m_reason = n.error;
        return;
    }
    void* device = nullptr;
    if (n.getHandleByIndex(deviceIndex, &device) != 0 || !device) {
        m_reason = "no NVIDIA GPU with index " + std::to_string(deviceIndex);
        return;
    }
    char name[96] = {};
    if (n.getName(device, name, sizeof(name)) == 0)
        m_name = name;
    m_device = device;
}

GpuMonitor::~GpuMonitor() = default;

GpuMemorySample GpuMonitor::sample() const
{
    GpuMemorySample s;
    s.processRssBytes = readProcessRssBytes();
    if (m_device) {
        Nvml& n = nvml();
        NvmlMemory mem{};
        if (n.getMemoryInfo(m_device, &mem) == 0) {
            s.hasGpu = true;
            s.deviceName = m_name;
            s.deviceUsedBytes = static_cast<std::int64_t>(mem.used);
            s.deviceTotalBytes = static_cast<std::int64_t>(mem.total);
        }
        NvmlUtilization util{};
        if (n.getUtilization(m_device, &util) == 0)
            s.utilizationPercent = static_cast<int>(util.gpu);
    }
    std::lock_guard<std::mutex> lock(hookMutex());
    if (hook())
        s.allocator = hook()();
    return s;
}

void GpuMonitor::setAllocatorStatsHook(std::function<AllocatorReading()> h)
{
    std::lock_guard<std::mutex> lock(hookMutex());
    hook() = std::move(h);
}

std::vector<std::int64_t> gpuFreeBytes()
{
    std::vector<std::int64_t> out;
    Nvml& n = nvml();
    unsigned int count = 0;
    if (!n.ok || n.getCount(&count) != 0)
        return out;
    for (unsigned int i = 0; i < count; ++i) {
        void* device = nullptr;
        NvmlMemory mem{};
        if (n.getHandleByIndex(i, &device) == 0 && n.getMemoryInfo(device, &mem) == 0)
            out.push_back(static_cast<std::int64_t>(mem.free));
        else
            out.push_back(0);
    }
    return out;
}

int mostFreeGpu(const std::vector<std::int64_t>& freeBytes)
{
    int best = -1;
    for (std::size_t i = 0; i < freeBytes.size(); ++i)
        if (best < 0 || freeBytes[i] > freeBytes[static_cast<std::size_t>(best)])
            best = static_cast<int>(i);
    return best;
}

std::int64_t parseVmRssBytes(const std::string& statusText)
{
    std::istringstream in(statusText);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) != 0)
            continue;
        std::istringstream fields(line.substr(6));
        long long kb = 0;
        std::string unit;
        if (fields >> kb >> unit && unit == "kB" && kb >= 0)
            return static_cast<std::int64_t>(kb) * 1024;
        return 0;
    }
    return 0;
}

std::int64_t readProcessRssBytes()
{
    std::ifstream in("/proc/self/status");
    if (!in)
        return 0;
    std::ostringstream text;
    text << in.rdbuf();
    return parseVmRssBytes(text.str());
}

} // namespace i2v
