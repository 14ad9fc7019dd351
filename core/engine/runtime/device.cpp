#include "core/engine/runtime/device.h"

#include "core/base/error.h"

#include <fstream>
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

std::string DeviceChoice::describe() const { return device.str() + " " + dtypeName(dtype); }

DeviceChoice chooseDevice(const std::string& device, const std::string& dtype, int cudaDevices)
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
        choice.dtype = cuda ? torch::kFloat16 : torch::kFloat32;
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

DeviceChoice resolveDevice(const std::string& device, const std::string& dtype)
{
    const int cudaDevices = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    return chooseDevice(device, dtype, cudaDevices);
}

// The CUDA allocator's statistic arrays are indexed by StatType; index 0 is AGGREGATE in LibTorch 1.13
// and 2.x alike (the enum moved namespaces in 2.x, the index did not).
std::int64_t memoryInUseBytes(const torch::Device& device)
{
    if (device.is_cuda()) {
#ifdef I2V_TORCH_CUDA
        return c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index())
            .allocated_bytes[0]
            .current;
#else
        return 0;
#endif
    }
    return procStatusBytes("VmRSS");
}

std::int64_t peakMemoryBytes(const torch::Device& device)
{
    if (device.is_cuda()) {
#ifdef I2V_TORCH_CUDA
        return c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index())
            .allocated_bytes[0]
            .peak;
#else
        return 0;
#endif
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
        c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#endif
        return;
    }
    // Writing "5" to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0).
    std::ofstream clear("/proc/self/clear_refs");
    if (clear)
        clear << "5";
}

} // namespace i2v
