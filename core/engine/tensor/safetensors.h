#pragma once
// safetensors reader: memory-mapped, validated before use, torch-free (so the parser is fuzzed and
// sanitizer-tested without LibTorch). Format: u64 little-endian header length N, N bytes of JSON
// {"name": {"dtype": "F16", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}, then data.
// Never reads pickle checkpoints.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace i2v::st {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };
const char* dtypeName(DType d);
std::size_t dtypeSize(DType d);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0; // byte offsets into the data section
    std::uint64_t end = 0;
    std::int64_t numel() const;
};

// One validated, memory-mapped .safetensors file. Throws I2vError(WeightsCorrupt) naming the file and
// tensor for: short file, header length out of bounds, non-UTF-8 / invalid JSON, unknown dtype, offsets
// outside the data section, overlapping or unordered spans, span != numel * dtype size, negative or
// overflowing shapes. Refuses .bin/.ckpt/.pt/.pth with UnsafeWeightsFormat.
class SafetensorsFile {
public:
    static std::shared_ptr<SafetensorsFile> open(const std::filesystem::path& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    const std::vector<TensorInfo>& tensors() const { return m_tensors; }
    const TensorInfo* find(const std::string& name) const; // nullptr when absent
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // Pointer to the tensor's bytes inside the mapping (valid while this object lives).
    const std::uint8_t* data(const TensorInfo& info) const;
    // Tells the kernel this process is done with the tensor's pages for now: they leave the process's
    // resident memory (they stay in the page cache, and a later read faults them back in). Keeps a
    // streaming load's host RAM at about one tensor instead of the whole file. No-op for empty spans.
    void releasePages(const TensorInfo& info) const;

private:
    SafetensorsFile() = default;
    std::filesystem::path m_path;
    std::vector<TensorInfo> m_tensors;
    std::map<std::string, std::size_t> m_index;
    std::map<std::string, std::string> m_metadata;
    const std::uint8_t* m_map = nullptr;
    std::size_t m_mapSize = 0;
    std::size_t m_dataStart = 0;
};

// Parses a header without touching the data (used by open() and the fuzz/hostile-file tests).
// `fileSize` is the size of the whole file. Throws I2vError(WeightsCorrupt).
std::vector<TensorInfo> parseHeader(const std::string& headerJson, std::uint64_t dataSize,
                                    const std::string& nameForErrors,
                                    std::map<std::string, std::string>* metadata = nullptr);

// A sharded checkpoint, "<stem>.safetensors.index.json":
// {"metadata": {...}, "weight_map": {"tensor name": "shard file name", ...}}.
struct ShardIndex {
    std::map<std::string, std::filesystem::path> weightMap; // tensor -> shard path (next to the index)
    std::vector<std::filesystem::path> shards;              // distinct shard paths, sorted
};
// "*.safetensors.index.json" or a variant's "*.safetensors.index.fp16.json" (diffusers' variant naming).
bool isShardIndex(const std::filesystem::path& path);
// Throws I2vError: FileNotFound, WeightsCorrupt (invalid JSON, empty map, a shard name that is not a
// plain "*.safetensors" file name in the same folder).
ShardIndex readShardIndex(const std::filesystem::path& indexFile);

} // namespace i2v::st
