// Torch side of weight loading (see state_dict.h). The parser lives in safetensors.cpp (torch-free).

#include "core/engine/tensor/state_dict.h"

#include "core/base/error.h"
#include "core/engine/tensor/safetensors.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>

namespace i2v {
namespace {

torch::Dtype torchDtype(st::DType d)
{
    switch (d) {
    case st::DType::F64: return torch::kFloat64;
    case st::DType::F32: return torch::kFloat32;
    case st::DType::F16: return torch::kFloat16;
    case st::DType::BF16: return torch::kBFloat16;
    case st::DType::I64: return torch::kInt64;
    case st::DType::I32: return torch::kInt32;
    case st::DType::I16: return torch::kInt16;
    case st::DType::I8: return torch::kInt8;
    case st::DType::U8: return torch::kUInt8;
    case st::DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

// One tensor of `file`, converted to `dtype` when floating point, on `device`. On CPU with no conversion
// and suitably aligned data the result aliases the read-only mapping and keeps `file` alive.
torch::Tensor tensorFrom(const std::shared_ptr<st::SafetensorsFile>& file, const st::TensorInfo& info,
                         torch::Dtype dtype, const torch::Device& device)
{
    auto* bytes = const_cast<std::uint8_t*>(file->data(info));
    const auto elem = st::dtypeSize(info.dtype);
    // A bool byte other than 0/1 is undefined behaviour in torch: read bools as bytes and compare.
    const torch::Dtype stored = info.dtype == st::DType::Bool ? torch::kUInt8 : torchDtype(info.dtype);
    torch::Tensor t;
    if (reinterpret_cast<std::uintptr_t>(bytes) % elem == 0) {
        t = torch::from_blob(bytes, info.shape, [keep = file](void*) mutable { keep.reset(); },
                             torch::TensorOptions().dtype(stored));
    } else {
        // Misaligned span (legal in the format, never written by the reference writer): copy it.
        t = torch::empty(info.shape, torch::TensorOptions().dtype(stored));
        std::memcpy(t.data_ptr(), bytes, info.end - info.begin);
    }
    if (info.dtype == st::DType::Bool)
        t = t.ne(0);
    if (t.is_floating_point() && t.scalar_type() != dtype)
        t = t.to(dtype);
    if (device != t.device())
        t = t.to(device);
    return t;
}

// Where each tensor of a checkpoint lives: one file, or the shards of "*.safetensors.index.json" (checked
// against the index: every listed tensor present, each in the shard the index names).
struct WeightSource {
    std::shared_ptr<st::SafetensorsFile> file;
    const st::TensorInfo* info = nullptr;
};
using WeightIndex = std::map<std::string, WeightSource>;

WeightIndex openWeights(const std::filesystem::path& file)
{
    WeightIndex out;
    if (!st::isShardIndex(file)) {
        const auto f = st::SafetensorsFile::open(file);
        for (const auto& info : f->tensors())
            out.emplace(info.name, WeightSource{f, &info});
        return out;
    }
    const auto index = st::readShardIndex(file);
    for (const auto& shard : index.shards) {
        const auto f = st::SafetensorsFile::open(shard);
        for (const auto& info : f->tensors()) {
            const auto listed = index.weightMap.find(info.name);
            if (listed == index.weightMap.end() || listed->second != shard)
                fail(ErrorCode::WeightsCorrupt,
                     shard.string() + ": tensor '" + info.name + "' is not mapped to this shard by " + file.string() +
                         ". The download is inconsistent; download the model again.");
            out.emplace(info.name, WeightSource{f, &info});
        }
    }
    for (const auto& [name, shard] : index.weightMap) {
        if (!out.count(name))
            fail(ErrorCode::WeightsCorrupt, file.string() + ": tensor '" + name + "' is missing from shard " +
                                                shard.filename().string() +
                                                ". The download is incomplete; download the model again.");
    }
    return out;
}

std::string joinKeys(const std::vector<std::string>& keys)
{
    constexpr std::size_t kMaxListed = 20;
    std::ostringstream os;
    for (std::size_t i = 0; i < keys.size() && i < kMaxListed; ++i)
        os << (i ? ", " : "") << keys[i];
    if (keys.size() > kMaxListed)
        os << " ... (" << keys.size() - kMaxListed << " more)";
    return os.str();
}

std::string shapeString(at::IntArrayRef sizes)
{
    std::ostringstream os;
    os << '[';
    for (std::size_t i = 0; i < sizes.size(); ++i)
        os << (i ? ", " : "") << sizes[i];
    os << ']';
    return os.str();
}

} // namespace

StateDict loadSafetensors(const std::filesystem::path& file, torch::Dtype dtype, const torch::Device& device)
{
    StateDict out;
    for (const auto& [name, source] : openWeights(file))
        out.emplace(name, tensorFrom(source.file, *source.info, dtype, device));
    return out;
}

namespace {

using Targets = std::map<std::string, torch::Tensor>;

Targets moduleTensors(torch::nn::Module& module)
{
    Targets targets;
    for (const auto& p : module.named_parameters(/*recurse=*/true))
        targets.emplace(p.key(), p.value());
    for (const auto& b : module.named_buffers(/*recurse=*/true))
        targets.emplace(b.key(), b.value());
    return targets;
}

// Strict key check against the checkpoint's tensor shapes: any missing (unless optional), unexpected or
// mis-shaped key is ModelInvalid.
void checkKeys(const Targets& targets, const std::map<std::string, std::vector<std::int64_t>>& shapes,
               const std::string& what, const std::vector<std::string>& ignoreMissing)
{
    const std::set<std::string> optional(ignoreMissing.begin(), ignoreMissing.end());
    std::vector<std::string> missing, unexpected, misShaped;
    for (const auto& [name, target] : targets) {
        const auto shape = shapes.find(name);
        if (shape == shapes.end()) {
            if (!optional.count(name))
                missing.push_back(name);
        } else if (at::IntArrayRef(shape->second) != target.sizes()) {
            misShaped.push_back(name + " (file " + shapeString(shape->second) + ", model " +
                                shapeString(target.sizes()) + ")");
        }
    }
    for (const auto& [name, shape] : shapes) {
        if (!targets.count(name))
            unexpected.push_back(name);
    }
    if (!missing.empty() || !unexpected.empty() || !misShaped.empty()) {
        std::string msg = what + ": the weights do not match the model configuration.";
        if (!missing.empty())
            msg += " Missing " + std::to_string(missing.size()) + ": " + joinKeys(missing) + ".";
        if (!unexpected.empty())
            msg += " Unexpected " + std::to_string(unexpected.size()) + ": " + joinKeys(unexpected) + ".";
        if (!misShaped.empty())
            msg += " Wrong shape " + std::to_string(misShaped.size()) + ": " + joinKeys(misShaped) + ".";
        msg += " Check that config.json and the weights come from the same model download.";
        fail(ErrorCode::ModelInvalid, msg);
    }
}

} // namespace

void loadStateDictStrict(torch::nn::Module& module, const StateDict& weights, const std::string& what,
                         const std::vector<std::string>& ignoreMissing)
{
    Targets targets = moduleTensors(module);
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const auto& [name, tensor] : weights)
        shapes.emplace(name, tensor.sizes().vec());
    checkKeys(targets, shapes, what, ignoreMissing);

    torch::NoGradGuard noGrad;
    for (auto& [name, target] : targets) {
        const auto it = weights.find(name);
        if (it != weights.end())
            target.copy_(it->second); // converts dtype/device to the module's own
    }
}

namespace {
// Whether every value is finite. On the CPU in slices of 1 Mi elements: isfinite() makes a few temporaries
// the size of its input, and freed heap memory is not always given back, so checking a whole large tensor
// at once would raise the process's memory by several times that tensor.
bool allFinite(const torch::Tensor& t)
{
    if (!t.is_floating_point())
        return true;
    if (!t.device().is_cpu())
        return t.isfinite().all().item<bool>();
    constexpr std::int64_t kSlice = 1 << 20;
    const torch::Tensor flat = t.reshape({-1});
    for (std::int64_t i = 0; i < flat.numel(); i += kSlice)
        if (!flat.slice(0, i, std::min(flat.numel(), i + kSlice)).isfinite().all().item<bool>())
            return false;
    return true;
}

std::map<std::string, std::vector<std::int64_t>> checkpointShapes(const WeightIndex& index)
{
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const auto& [name, source] : index)
        shapes.emplace(name, source.info->shape);
    return shapes;
}
} // namespace

void checkWeightsMatch(torch::nn::Module& module, const std::filesystem::path& weights, const std::string& what,
                       const std::vector<std::string>& ignoreMissing)
{
    checkKeys(moduleTensors(module), checkpointShapes(openWeights(weights)), what, ignoreMissing);
}

std::map<std::string, std::vector<std::int64_t>> checkpointTensorShapes(const std::filesystem::path& weights)
{
    return checkpointShapes(openWeights(weights));
}

void loadWeightsInto(torch::nn::Module& module, const std::filesystem::path& weights, const std::string& what,
                     const std::vector<std::string>& ignoreMissing)
{
    const WeightIndex index = openWeights(weights); // headers only: nothing read from the data yet
    Targets targets = moduleTensors(module);
    checkKeys(targets, checkpointShapes(index), what, ignoreMissing);

    torch::NoGradGuard noGrad;
    for (auto& [name, target] : targets) {
        const auto it = index.find(name);
        if (it == index.end())
            continue;
        const WeightSource& source = it->second;
        // A view of the mapped bytes in the stored dtype: no host copy.
        torch::Tensor stored = tensorFrom(source.file, *source.info, torchDtype(source.info->dtype), torch::kCPU);
        if (target.device().is_cpu() || stored.scalar_type() == target.scalar_type() || !stored.is_floating_point()) {
            target.copy_(stored); // CPU: one conversion straight into the parameter; same dtype: one transfer
        } else {
            // Raw bytes to the device, converted there: host memory never holds a converted copy.
            target.copy_(stored.to(target.device()));
        }
        // NaN/Inf weights give a black clip with no error: refuse them here, where the file can be named.
        if (target.is_floating_point() && !allFinite(target)) {
            const std::string where = source.file->path().string() + ": tensor '" + name + "'";
            if (!allFinite(stored))
                fail(ErrorCode::WeightsCorrupt, where + " holds NaN or infinite values. The file is damaged; "
                                                        "download the model again.");
            fail(ErrorCode::ModelInvalid, where + " has values too large for " +
                                              (target.scalar_type() == torch::kHalf
                                                   ? std::string("float16")
                                                   : std::string(c10::toString(target.scalar_type()))) +
                                              "; use float32 or bfloat16 (--dtype).");
        }
        stored = torch::Tensor();
        source.file->releasePages(*source.info);
    }
}

} // namespace i2v
