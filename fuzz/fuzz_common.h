#pragma once
// Shared by the libFuzzer targets (fuzz/README.md). A target's contract: hostile bytes end in a return
// or an I2vError (the documented failure), never in a crash, a leak, undefined behaviour or another
// exception type; anything else escaping LLVMFuzzerTestOneInput is a finding (libFuzzer reports an
// uncaught exception as a crash).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace i2v::fuzz {

inline std::string_view asView(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// A private scratch folder for this process, under $I2V_FUZZ_SCRATCH (scripts/fuzz.sh makes one in
// /dev/shm and removes it afterwards: libFuzzer ends with _Exit, so no exit handler would) or else
// /dev/shm or the temp folder; emptied before each input by the targets that write files.
inline const std::filesystem::path& scratchDir()
{
    static const std::filesystem::path dir = [] {
        std::error_code ec;
        const char* env = std::getenv("I2V_FUZZ_SCRATCH");
        const std::filesystem::path base = env && *env ? std::filesystem::path(env)
                                           : std::filesystem::is_directory("/dev/shm", ec)
                                               ? std::filesystem::path("/dev/shm")
                                               : std::filesystem::temp_directory_path();
        auto d = base / ("i2v-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline void resetScratch()
{
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(scratchDir(), ec))
        std::filesystem::remove_all(entry.path(), ec);
}

inline void writeFile(const std::filesystem::path& path, std::string_view bytes)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Splits the input at NUL bytes into at most `maxParts` parts (the last one keeps any further NULs).
inline std::vector<std::string_view> splitParts(std::string_view bytes, std::size_t maxParts)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const auto nul = bytes.find('\0');
        if (nul == std::string_view::npos)
            break;
        parts.push_back(bytes.substr(0, nul));
        bytes.remove_prefix(nul + 1);
    }
    parts.push_back(bytes);
    return parts;
}

} // namespace i2v::fuzz
