#pragma once
// Which weights made a clip: SHA-256 of every weight file in a model folder, for the history. Hashing a
// 5 GB file takes tens of seconds, so results are cached in a JSON file keyed by absolute path + size +
// modification time: a file is hashed once until it changes. Call from a worker thread, never the GUI
// thread. Thread-safe (one mutex; the hashing itself runs outside it).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace i2v {

// Weight files of a model folder (*.safetensors, *.bin, *.pt, *.ckpt, *.pth), at most two levels deep
// (diffusers layout: <model>/unet/diffusion_pytorch_model.fp16.safetensors), sorted by path.
std::vector<std::filesystem::path> weightFilesIn(const std::filesystem::path& modelFolder);

class WeightHashCache {
public:
    // `cacheFile`: e.g. <data folder>/weight_hashes.json. A missing or unreadable cache starts empty
    // (an unreadable one is replaced on the next save).
    explicit WeightHashCache(std::filesystem::path cacheFile);

    // SHA-256 of `file`, from the cache when path, size and mtime match, else computed and cached (the
    // cache file is rewritten atomically). Returns "" when `shouldStop` stopped it. Throws I2vError when
    // the file cannot be read.
    std::string hashOf(const std::filesystem::path& file, const std::function<bool()>& shouldStop = {});

    // weight file path relative to the folder ("unet/diffusion_pytorch_model.safetensors") -> sha256.
    // Empty for an empty path (weight-free engines). Unreadable files are skipped (logged).
    std::map<std::string, std::string> hashModelFolder(const std::filesystem::path& modelFolder,
                                                       const std::function<bool()>& shouldStop = {});

    // How many files this object actually read to hash (tests: a cache hit reads none).
    int filesHashed() const;

private:
    struct Entry {
        std::uintmax_t size = 0;
        std::int64_t mtime = 0;
        std::string sha256;
    };
    void save() const; // with m_mutex held

    std::filesystem::path m_file;
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    int m_hashed = 0;
};

} // namespace i2v
