#pragma once
// Torch side of weight loading: safetensors -> tensors (zero-copy when dtype and device match), sharded
// checkpoints, and strict loading into modules whose registered names equal checkpoint keys.

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <string>

namespace i2v {

using StateDict = std::map<std::string, torch::Tensor>;

// Loads every tensor of one .safetensors file or of a sharded checkpoint ("*.safetensors.index.json").
// Tensors are converted to `dtype` when floating point (integer tensors keep theirs) and moved to
// `device`. When no conversion is needed on CPU the tensor aliases the mapping (the file stays mapped
// while any tensor uses it). Throws I2vError (WeightsCorrupt, UnsafeWeightsFormat, FileNotFound).
StateDict loadSafetensors(const std::filesystem::path& file, torch::Dtype dtype = torch::kFloat32,
                          const torch::Device& device = torch::kCPU);

// Copies `weights` into module's parameters and buffers by name. Strict: any missing, unexpected or
// mis-shaped key is an I2vError(ModelInvalid) that names up to 20 keys of each kind and `what`
// (e.g. "unet"). Buffers listed in `ignoreMissing` may be absent (e.g. CLIP's position_ids).
void loadStateDictStrict(torch::nn::Module& module, const StateDict& weights, const std::string& what,
                         const std::vector<std::string>& ignoreMissing = {});

// Streams the checkpoint `weights` (one .safetensors file or a shard index) into `module`'s parameters and
// buffers, tensor by tensor, with the same strict key check as loadStateDictStrict (done on the headers,
// before any data is read). Each tensor goes from the file mapping straight into its parameter, converted
// to the parameter's dtype (on the device for CUDA parameters), and its mapped pages are then released:
// host memory during a load stays at about one tensor plus a constant (on the CPU, plus the parameters
// themselves), never a second copy of the model. Build the module on its device and dtype first
// (nn::ParameterOptionsGuard). A tensor with NaN/Inf values is refused (WeightsCorrupt, naming the file and
// tensor), and so is one whose values overflow the model dtype (ModelInvalid: "use float32 or bfloat16").
// The same strict key and shape check against the checkpoint's headers, reading no tensor data. Run it on
// a module built on the meta device (no memory) before building the real one: a config that does not
// match its weights (an empty or damaged config.json) fails at once, naming the keys, instead of after
// allocating a model of the wrong size.
void checkWeightsMatch(torch::nn::Module& module, const std::filesystem::path& weights, const std::string& what,
                       const std::vector<std::string>& ignoreMissing = {});

// Shapes of the tensors of one .safetensors file or a shard index, read from the headers only (no data).
// Lets a loader pick between checkpoint layouts (e.g. CLIPVisionModel saved with or without the
// "vision_model." prefix, tied embeddings saved under one name or both).
std::map<std::string, std::vector<std::int64_t>> checkpointTensorShapes(const std::filesystem::path& weights);

void loadWeightsInto(torch::nn::Module& module, const std::filesystem::path& weights, const std::string& what,
                     const std::vector<std::string>& ignoreMissing = {});

} // namespace i2v
