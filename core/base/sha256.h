#pragma once
// SHA-256 (FIPS 180-4) for file identity in the history (which weights made a clip). Plain C++, no
// dependencies. Streaming: feed bytes with update(), read the digest once with hexDigest().

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace i2v {

class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    // Lower-case hex, 64 characters. Finalises: call once.
    std::string hexDigest();

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> m_h;
    std::array<std::uint8_t, 64> m_buf{};
    std::size_t m_bufLen = 0;
    std::uint64_t m_total = 0;
};

std::string sha256Hex(std::string_view bytes);

// Hashes a file in 1 MiB reads. `shouldStop` (may be empty) is polled between reads; when it returns true
// the hash is abandoned and "" returned. Throws I2vError(FileNotFound / FileUnreadable) naming the file.
std::string sha256File(const std::filesystem::path& file, const std::function<bool()>& shouldStop = {});

} // namespace i2v
