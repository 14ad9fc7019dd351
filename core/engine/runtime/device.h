#pragma once
// Device and dtype policy, and memory figures for progress events and the benchmark.

#include <torch/torch.h>

#include <cstdint>
#include <limits>
#include <string>

namespace i2v {

struct DeviceChoice {
    torch::Device device = torch::kCPU;
    torch::Dtype dtype = torch::kFloat32;
    std::string describe() const; // "cuda:0 float16", "cpu float32"
};

// Pure policy (tested): `device` is "auto", "cpu", "cuda" or "cuda:N"; `dtype` is "auto", "float32",
// "float16" or "bfloat16". "auto" device = cuda:0 when `cudaDevices` > 0, else CPU; "auto" dtype =
// float16 on CUDA, float32 on CPU. Throws I2vError(DeviceUnavailable) for a CUDA device that is not
// there, I2vError(InvalidArgument) for unknown names and for float16 on the CPU (LibTorch has no CPU
// half-precision convolutions).
// A model family that prefers bfloat16 (one trained in it, e.g. Wan) passes `preferBf16`: "auto" dtype on
// CUDA is then bfloat16 where the device supports it (`bf16Supported`, compute capability 8.0+), else
// float16.
DeviceChoice chooseDevice(const std::string& device, const std::string& dtype, int cudaDevices,
                          bool preferBf16 = false, bool bf16Supported = false);

// chooseDevice with the devices of this machine (bfloat16 support asked of the CUDA backend).
DeviceChoice resolveDevice(const std::string& device, const std::string& dtype, bool preferBf16 = false);

// Loads LibTorch's CUDA backend (libtorch_cuda.so, next to libtorch_cpu.so) when this machine has an NVIDIA
// driver, once per process, before anything asks torch about CUDA (it runs from a static initialiser of
// the engine, and every CUDA query here calls it again). Without a driver it is not loaded, which keeps
// ~350 MiB of CUDA libraries out of CPU-only processes. Returns whether the backend is loaded; `why`
// (optional) receives the reason when not.
bool loadCudaBackend(std::string* why = nullptr);

// Bytes in use on `device`: the CUDA caching allocator's allocated bytes, or the process RSS on the CPU.
// 0 when unknown (a CUDA device in a build without CUDA allocator access).
std::int64_t memoryInUseBytes(const torch::Device& device);
// Peak of the same figure since the last resetPeakMemory (process peak RSS on the CPU).
std::int64_t peakMemoryBytes(const torch::Device& device);
void resetPeakMemory(const torch::Device& device);

// Total memory of CUDA device `device` (creates its context when there is none yet); 0 for the CPU, in a
// build without CUDA, or when the driver cannot tell.
std::int64_t deviceTotalBytes(const torch::Device& device);

// Waits until queued work on `device` is done (no-op on the CPU); used around timed stages.
void synchronizeDevice(const torch::Device& device);

// torch.Generator.manual_seed maps a negative seed s to 0xffff_ffff_ffff_ffff + s; the pipelines seed their
// generators with this so a recipe's seed draws the reference's numbers.
inline std::uint64_t torchGeneratorSeed(std::int64_t seed)
{
    return seed >= 0 ? static_cast<std::uint64_t>(seed)
                     : std::numeric_limits<std::uint64_t>::max() + static_cast<std::uint64_t>(seed);
}

} // namespace i2v
