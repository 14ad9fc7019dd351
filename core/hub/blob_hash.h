#pragma once
// The hash a blob is named by in the Hub cache: SHA-256 of the bytes for LFS files, the git blob id
// (SHA-1 of "blob <size>\0" + bytes) for small files kept in git. Both through OpenSSL's libcrypto.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace i2v::hub {

class BlobHasher {
public:
    BlobHasher(bool lfs, std::int64_t size);
    ~BlobHasher();
    BlobHasher(BlobHasher&&) noexcept;
    BlobHasher& operator=(BlobHasher&&) noexcept;

    void update(const void* data, std::size_t size);
    // Feeds the first `length` bytes of the open file `fd` (pread; the offset is left alone). Returns false
    // when `stop` said so or the file is shorter (then the hash is unusable).
    bool addFilePrefix(int fd, std::int64_t length, const std::function<bool()>& stop = {});
    std::string hexDigest(); // lower-case hex; call once

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The blob hash of a whole file (for `i2v models verify`): the kind follows the expected name's length
// (64 hex = SHA-256, 40 hex = git blob id). `stop` may abandon it (returns ""). Throws I2vError
// (FileUnreadable) naming the file.
std::string blobHashOfFile(const std::filesystem::path& file, bool lfs, const std::function<bool()>& stop = {});

} // namespace i2v::hub
