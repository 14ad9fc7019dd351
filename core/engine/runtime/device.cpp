#include "core/engine/runtime/device.h"

#include "core/base/error.h"
#include "core/engine/api/runtime_info.h"
#include "core/engine/runtime/torch_compat.h"

#include <ATen/detail/CUDAHooksInterface.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <dlfcn.h>
#include <sstream>
#include <unistd.h>

#ifdef I2V_TORCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace i2v {

namespace {

const char* dtypeName(torch::Dtype d)
{
    switch (d) {
    case torch::kFloat16: return "float16";
    case torch::kBFloat16: return "bfloat16";
    default: return "float32";
    }
}

// Reads one "Key:   N kB" line of /proc/self/status; 0 when absent.
std::int64_t procStatusBytes(const std::string& key)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) {
            std::istringstream fields(line.substr(key.size() + 1));
            std::int64_t kb = 0;
            fields >> kb;
            return kb * 1024;
        }
    }
    return 0;
}

} // namespace

bool loadCudaBackend(std::string* why)
{
#ifdef I2V_TORCH_CUDA
    static std::once_flag once;
    static bool loaded = false;
    static std::string reason;
    std::call_once(once, [] {
        // The driver first: without it the CUDA backend could only report "no GPU".
        if (!::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL)) {
            reason = "no NVIDIA driver (libcuda.so.1 not found)";
            return;
        }
        Dl_info info{};
        if (::dladdr(reinterpret_cast<void*>(&at::set_num_threads), &info) == 0 || !info.dli_fname) {
            reason = "cannot locate LibTorch's folder";
            return;
        }
        const auto library = std::filesystem::path(info.dli_fname).parent_path() / "libtorch_cuda.so";
        // RTLD_GLOBAL: its static initialisers register the CUDA kernels, hooks and allocator with libtorch_cpu.
        if (!::dlopen(library.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
            const char* e = ::dlerror();
            reason = library.string() + ": " + (e ? e : "cannot be loaded");
            return;
        }
        loaded = true;
    });
    if (!loaded && why)
        *why = reason;
    return loaded;
#else
    if (why)
        *why = "this LibTorch has no CUDA";
    return false;
#endif
}

namespace {
// Before main(): nothing can ask torch about CUDA before the backend had its chance to register.
[[maybe_unused]] const bool g_cudaBackendLoaded = loadCudaBackend();
} // namespace

std::string DeviceChoice::describe() const { return device.str() + " " + dtypeName(dtype); }

DeviceChoice chooseDevice(const std::string& device, const std::string& dtype, int cudaDevices, bool preferBf16,
                          bool bf16Supported)
{
    DeviceChoice choice;
    if (device == "auto") {
        choice.device = cudaDevices > 0 ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    } else if (device == "cpu") {
        choice.device = torch::kCPU;
    } else if (device == "cuda" || device.rfind("cuda:", 0) == 0) {
        int index = 0;
        if (device.size() > 5) {
            const std::string digits = device.substr(5);
            if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos)
                fail(ErrorCode::InvalidArgument, "device \"" + device + "\" is not cpu, cuda or cuda:N");
            index = std::stoi(digits);
        }
        if (index >= cudaDevices)
            fail(ErrorCode::DeviceUnavailable,
                 "device \"" + device + "\" was asked for but this machine has " + std::to_string(cudaDevices) +
                     " CUDA device(s) usable by LibTorch; use --device cpu or auto");
        choice.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    } else {
        fail(ErrorCode::InvalidArgument, "device \"" + device + "\" is not auto, cpu, cuda or cuda:N");
    }

    const bool cuda = choice.device.is_cuda();
    if (dtype == "auto")
        choice.dtype = !cuda ? torch::kFloat32 : (preferBf16 && bf16Supported ? torch::kBFloat16 : torch::kFloat16);
    else if (dtype == "float32" || dtype == "fp32")
        choice.dtype = torch::kFloat32;
    else if (dtype == "float16" || dtype == "fp16")
        choice.dtype = torch::kFloat16;
    else if (dtype == "bfloat16" || dtype == "bf16")
        choice.dtype = torch::kBFloat16;
    else
        fail(ErrorCode::InvalidArgument, "dtype \"" + dtype + "\" is not auto, float32, float16 or bfloat16");
    if (!cuda && choice.dtype == torch::kFloat16)
        fail(ErrorCode::InvalidArgument, "float16 needs a CUDA device; use float32 (or bfloat16) on the CPU");
    return choice;
}

DeviceChoice resolveDevice(const std::string& device, const std::string& dtype, bool preferBf16)
{
    loadCudaBackend();
    const int cudaDevices = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    const bool bf16 = cudaDevices > 0 && at::detail::getCUDAHooks().supportsBFloat16ConvolutionWithCuDNNv8();
    return chooseDevice(device, dtype, cudaDevices, preferBf16, bf16);
}

namespace {

// True when this process has a CUDA context on `index`: only then are allocator figures meaningful, and
// asking never creates one (a context costs hundreds of MiB of device memory).
bool cudaInUse(int index)
{
#ifdef I2V_TORCH_CUDA
    if (!loadCudaBackend())
        return false;
    const auto& hooks = at::detail::getCUDAHooks();
    return index >= 0 && index < hooks.deviceCount() && hooks.hasPrimaryContext(static_cast<c10::DeviceIndex>(index));
#else
    (void)index;
    return false;
#endif
}

int cudaIndex(const torch::Device& device) { return device.index() < 0 ? 0 : device.index(); }

} // namespace

AllocatorStats cudaAllocatorStats(int device)
{
    AllocatorStats out;
#ifdef I2V_TORCH_CUDA
    if (!cudaInUse(device))
        return out;
    // Statistic arrays are indexed by StatType; AGGREGATE (all pools) is index 0.
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
    constexpr auto kAll = static_cast<std::size_t>(c10::CachingAllocator::StatType::AGGREGATE);
    out.valid = true;
    out.allocatedBytes = stats.allocated_bytes[kAll].current;
    out.reservedBytes = stats.reserved_bytes[kAll].current;
    out.peakAllocatedBytes = stats.allocated_bytes[kAll].peak;
    out.peakReservedBytes = stats.reserved_bytes[kAll].peak;
#else
    (void)device;
#endif
    return out;
}

std::int64_t deviceTotalBytes(const torch::Device& device)
{
#ifdef I2V_TORCH_CUDA
    if (!device.is_cuda() || !loadCudaBackend())
        return 0;
    try {
        return static_cast<std::int64_t>(
            c10::cuda::CUDACachingAllocator::get()->getMemoryInfo(static_cast<c10::DeviceIndex>(cudaIndex(device))).second);
    } catch (const std::exception&) {
        return 0;
    }
#else
    (void)device;
    return 0;
#endif
}

void resetAllocatorPeak()
{
#ifdef I2V_TORCH_CUDA
    if (!loadCudaBackend())
        return;
    const int n = at::detail::getCUDAHooks().deviceCount();
    for (int i = 0; i < n; ++i)
        if (cudaInUse(i))
            c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(i));
#endif
}

void releaseCachedDeviceMemory()
{
#ifdef I2V_TORCH_CUDA
    if (!loadCudaBackend())
        return;
    const int n = at::detail::getCUDAHooks().deviceCount();
    for (int i = 0; i < n; ++i) {
        if (cudaInUse(i)) {
            c10::cuda::CUDACachingAllocator::emptyCache();
            return; // emptyCache covers every device
        }
    }
#endif
}

namespace {
std::atomic<bool> g_lowVram{false};
}

void setLowVramMode(bool on) { g_lowVram.store(on); }
bool lowVramMode() { return g_lowVram.load(); }

std::string runtimeSummary()
{
    std::string text = std::string("LibTorch ") + compat::torchVersionString();
#ifdef I2V_TORCH_CUDA
    text += ", CUDA build";
    std::string why;
    if (!loadCudaBackend(&why))
        return text + ", CUDA backend not loaded: " + why;
    const int n = at::detail::getCUDAHooks().deviceCount();
    text += n > 0 ? ", " + std::to_string(n) + " GPU" + (n > 1 ? "s" : "") : std::string(", no GPU found");
#else
    text += ", CPU only";
#endif
    return text;
}

std::int64_t memoryInUseBytes(const torch::Device& device)
{
    if (device.is_cuda()) {
        const AllocatorStats s = cudaAllocatorStats(cudaIndex(device));
        return s.valid ? s.allocatedBytes : 0;
    }
    return procStatusBytes("VmRSS");
}

std::int64_t peakMemoryBytes(const torch::Device& device)
{
    if (device.is_cuda()) {
        const AllocatorStats s = cudaAllocatorStats(cudaIndex(device));
        return s.valid ? s.peakAllocatedBytes : 0;
    }
    return procStatusBytes("VmHWM");
}

void synchronizeDevice(const torch::Device& device)
{
    // A device-to-host copy waits for the current stream; no CUDA headers needed.
    if (device.is_cuda())
        (void)torch::zeros({1}, torch::TensorOptions().device(device)).to(torch::kCPU);
}

void resetPeakMemory(const torch::Device& device)
{
    if (device.is_cuda()) {
#ifdef I2V_TORCH_CUDA
        if (cudaInUse(cudaIndex(device)))
            c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(cudaIndex(device)));
#endif
        return;
    }
    // Writing "5" to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0).
    std::ofstream clear("/proc/self/clear_refs");
    if (clear)
        clear << "5";
}

} // namespace i2v
