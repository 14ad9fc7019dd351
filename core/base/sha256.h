#pragma once
// SHA-256 (FIPS 180-4) for file identity in the history (which weights made a clip) and download checks,
// computed by OpenSSL's libcrypto (hardware SHA instructions where the CPU has them). Streaming: feed bytes
// with update(), read the digest once with hexDigest(). Its own library (i2v_sha256), so the engine-only
// build needs no OpenSSL.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace i2v {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    void update(const void* data, std::size_t size);
    // Lower-case hex, 64 characters. Finalises: call once.
    std::string hexDigest();

private:
    struct Context; // the OpenSSL digest context (kept out of this header)
    std::unique_ptr<Context> m_ctx;
};

std::string sha256Hex(std::string_view bytes);

// Hashes a file in 1 MiB reads. `shouldStop` (may be empty) is polled between reads; when it returns true
// the hash is abandoned and "" returned. Throws I2vError(FileNotFound / FileUnreadable) naming the file.
std::string sha256File(const std::filesystem::path& file, const std::function<bool()>& shouldStop = {});

} // namespace i2v
