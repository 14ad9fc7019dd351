#include "core/hub/blob_hash.h"

#include "core/base/error.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace i2v::hub {

struct BlobHasher::Impl {
    EVP_MD_CTX* ctx = nullptr;
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

BlobHasher::BlobHasher(bool lfs, std::int64_t size) : m_impl(std::make_unique<Impl>())
{
    m_impl->ctx = EVP_MD_CTX_new();
    if (!m_impl->ctx || EVP_DigestInit_ex(m_impl->ctx, lfs ? EVP_sha256() : EVP_sha1(), nullptr) != 1)
        fail(ErrorCode::Internal, "OpenSSL could not start a digest");
    if (!lfs) {
        const std::string header = "blob " + std::to_string(size);
        EVP_DigestUpdate(m_impl->ctx, header.c_str(), header.size() + 1); // with the terminating NUL
    }
}

BlobHasher::~BlobHasher() = default;
BlobHasher::BlobHasher(BlobHasher&&) noexcept = default;
BlobHasher& BlobHasher::operator=(BlobHasher&&) noexcept = default;

void BlobHasher::update(const void* data, std::size_t size)
{
    EVP_DigestUpdate(m_impl->ctx, data, size);
}

bool BlobHasher::addFilePrefix(int fd, std::int64_t length, const std::function<bool()>& stop)
{
    std::vector<char> buf(4u << 20);
    std::int64_t pos = 0;
    while (pos < length) {
        if (stop && stop())
            return false;
        const auto want = static_cast<std::size_t>(std::min<std::int64_t>(length - pos, buf.size()));
        const ssize_t n = ::pread(fd, buf.data(), want, pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        update(buf.data(), static_cast<std::size_t>(n));
        pos += n;
    }
    return true;
}

std::string BlobHasher::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_impl->ctx, digest, &len);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

std::string blobHashOfFile(const std::filesystem::path& file, bool lfs, const std::function<bool()>& stop)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(errno == ENOENT ? ErrorCode::FileNotFound : ErrorCode::FileUnreadable,
             file.string() + ": cannot open: " + std::strerror(errno));
    const std::int64_t size = ::lseek(fd, 0, SEEK_END);
    BlobHasher h(lfs, size);
    const bool ok = h.addFilePrefix(fd, size, stop);
    const int err = errno;
    ::close(fd);
    if (!ok) {
        if (stop && stop())
            return {};
        fail(ErrorCode::FileUnreadable, file.string() + ": read error: " + std::strerror(err));
    }
    return h.hexDigest();
}

} // namespace i2v::hub
