// SHA-256 through OpenSSL's libcrypto (EVP), which uses the CPU's SHA extensions (SHA-NI / ARMv8 SHA2)
// where present: several times the speed of a portable implementation on multi-GB weight files.
#include "core/base/sha256.h"

#include "core/base/error.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace i2v {

struct Sha256::Context {
    EVP_MD_CTX* ctx = nullptr;
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_ctx(std::make_unique<Context>())
{
    m_ctx->ctx = EVP_MD_CTX_new();
    if (!m_ctx->ctx || EVP_DigestInit_ex(m_ctx->ctx, EVP_sha256(), nullptr) != 1)
        fail(ErrorCode::Internal, "SHA-256: OpenSSL could not start a digest");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size)
{
    if (size > 0 && EVP_DigestUpdate(m_ctx->ctx, data, size) != 1)
        fail(ErrorCode::Internal, "SHA-256: OpenSSL digest update failed");
}

std::string Sha256::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_ctx->ctx, digest, &length) != 1 || length != 32)
        fail(ErrorCode::Internal, "SHA-256: OpenSSL digest failed");
    static const char* kHex = "0123456789abcdef";
    std::string out(64, '0');
    for (unsigned int i = 0; i < 32; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 15];
    }
    return out;
}

std::string sha256Hex(std::string_view bytes)
{
    Sha256 h;
    h.update(bytes.data(), bytes.size());
    return h.hexDigest();
}

std::string sha256File(const std::filesystem::path& file, const std::function<bool()>& shouldStop)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        fail(ErrorCode::FileNotFound, file.string() + ": no such file (cannot compute its SHA-256)");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!f)
        fail(ErrorCode::FileUnreadable, file.string() + ": cannot be opened for reading");
    Sha256 h;
    std::vector<char> buf(1u << 20);
    for (;;) {
        if (shouldStop && shouldStop())
            return {};
        const std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
        if (n > 0)
            h.update(buf.data(), n);
        if (n < buf.size()) {
            if (std::ferror(f.get()))
                fail(ErrorCode::FileUnreadable, file.string() + ": read error while computing its SHA-256");
            break;
        }
    }
    return h.hexDigest();
}

} // namespace i2v
