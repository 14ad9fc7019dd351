// safetensors reader. Torch-free so it builds alone under AddressSanitizer (target i2v_safetensors).
// Validation follows the reference implementation (huggingface/safetensors): header length bounded by
// 100 MB and by the file, UTF-8 JSON object, dtype whitelist, offsets inside the data section, spans
// that match shape x dtype size and do not overlap. Gaps between spans are tolerated (harmless).

#include "core/engine/tensor/safetensors.h"

#include "core/base/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

namespace i2v::st {
namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100'000'000; // same bound as the reference reader

[[noreturn]] void corrupt(const std::string& file, const std::string& why)
{
    fail(ErrorCode::WeightsCorrupt, file + ": " + why + ". The file is damaged or not a safetensors "
                                                        "file; download it again.");
}

[[noreturn]] void corruptTensor(const std::string& file, const std::string& tensor, const std::string& why)
{
    corrupt(file, "tensor '" + tensor + "': " + why);
}

bool parseDType(const std::string& s, DType* out)
{
    static const std::pair<const char*, DType> kNames[] = {
        {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::Bool},
    };
    for (const auto& [name, d] : kNames) {
        if (s == name) {
            *out = d;
            return true;
        }
    }
    return false;
}

// Strict UTF-8 check (no overlongs, no surrogates, max U+10FFFF). Returns the offset of the first bad
// byte or npos.
std::size_t firstInvalidUtf8(const std::string& s)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned c = p[i];
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return std::string::npos;
}

std::uint64_t readU64(const nlohmann::json& v, const std::string& file, const std::string& tensor,
                      const char* what)
{
    if (!v.is_number_unsigned())
        corruptTensor(file, tensor, std::string(what) + " must be a non-negative integer");
    return v.get<std::uint64_t>();
}

} // namespace

const char* dtypeName(DType d)
{
    switch (d) {
    case DType::F64: return "F64";
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::Bool: return "BOOL";
    }
    return "?";
}

std::size_t dtypeSize(DType d)
{
    switch (d) {
    case DType::F64:
    case DType::I64: return 8;
    case DType::F32:
    case DType::I32: return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16: return 2;
    case DType::I8:
    case DType::U8:
    case DType::Bool: return 1;
    }
    return 1;
}

std::int64_t TensorInfo::numel() const
{
    std::int64_t n = 1;
    for (auto s : shape)
        n *= s; // parseHeader guarantees no overflow
    return n;
}

std::vector<TensorInfo> parseHeader(const std::string& headerJson, std::uint64_t dataSize,
                                    const std::string& nameForErrors,
                                    std::map<std::string, std::string>* metadata)
{
    const std::string& file = nameForErrors;
    if (const auto bad = firstInvalidUtf8(headerJson); bad != std::string::npos)
        corrupt(file, "header is not valid UTF-8 (byte " + std::to_string(bad) + ")");

    // Duplicate names would silently replace each other in the parsed object: catch them while parsing.
    std::set<std::string> seen;
    std::string duplicate;
    const nlohmann::json::parser_callback_t onEvent =
        [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            if (event == nlohmann::json::parse_event_t::key && depth == 1 && parsed.is_string()) {
                if (!seen.insert(parsed.get<std::string>()).second && duplicate.empty())
                    duplicate = parsed.get<std::string>();
            }
            return true;
        };
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(headerJson, onEvent);
    } catch (const nlohmann::json::exception& e) {
        corrupt(file, std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!duplicate.empty())
        corruptTensor(file, duplicate, "name appears twice in the header");
    if (!root.is_object())
        corrupt(file, "header is not a JSON object");

    std::vector<TensorInfo> out;
    out.reserve(root.size());
    for (const auto& [name, entry] : root.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                corrupt(file, "__metadata__ is not an object");
            for (const auto& [k, v] : entry.items()) {
                if (!v.is_string())
                    corrupt(file, "__metadata__ value '" + k + "' is not a string");
                if (metadata)
                    (*metadata)[k] = v.get<std::string>();
            }
            continue;
        }
        if (name.empty())
            corrupt(file, "a tensor has an empty name");
        if (!entry.is_object())
            corruptTensor(file, name, "entry is not an object");
        const auto dt = entry.find("dtype");
        const auto sh = entry.find("shape");
        const auto off = entry.find("data_offsets");
        if (dt == entry.end() || sh == entry.end() || off == entry.end())
            corruptTensor(file, name, "needs dtype, shape and data_offsets");

        TensorInfo info;
        info.name = name;
        if (!dt->is_string() || !parseDType(dt->get<std::string>(), &info.dtype))
            corruptTensor(file, name, "unsupported dtype " + dt->dump());
        if (!sh->is_array())
            corruptTensor(file, name, "shape is not an array");
        std::uint64_t numel = 1;
        for (const auto& d : *sh) {
            if (d.is_number_integer() && !d.is_number_unsigned())
                corruptTensor(file, name, "negative dimension in shape " + sh->dump());
            const std::uint64_t dim = readU64(d, file, name, "each shape dimension");
            if (dim > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
                (dim != 0 && numel > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / dim))
                corruptTensor(file, name, "shape " + sh->dump() + " overflows");
            numel *= dim;
            info.shape.push_back(static_cast<std::int64_t>(dim));
        }
        const std::uint64_t elem = dtypeSize(info.dtype);
        if (numel > std::numeric_limits<std::uint64_t>::max() / elem)
            corruptTensor(file, name, "shape " + sh->dump() + " overflows");
        const std::uint64_t bytes = numel * elem;

        if (!off->is_array() || off->size() != 2)
            corruptTensor(file, name, "data_offsets must be [begin, end]");
        info.begin = readU64((*off)[0], file, name, "data_offsets[0]");
        info.end = readU64((*off)[1], file, name, "data_offsets[1]");
        if (info.end < info.begin)
            corruptTensor(file, name, "data_offsets are reversed (end before begin)");
        if (info.end > dataSize)
            corruptTensor(file, name, "data_offsets [" + std::to_string(info.begin) + ", " +
                                          std::to_string(info.end) + "] lie outside the data section of " +
                                          std::to_string(dataSize) + " bytes (truncated file?)");
        if (info.end - info.begin != bytes)
            corruptTensor(file, name, "byte span " + std::to_string(info.end - info.begin) +
                                          " does not match shape " + sh->dump() + " x " +
                                          dtypeName(info.dtype) + " (" + std::to_string(bytes) + " bytes)");
        out.push_back(std::move(info));
    }

    // File order; then no two non-empty spans may share a byte.
    std::sort(out.begin(), out.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const TensorInfo* prev = nullptr;
    for (const auto& t : out) {
        if (t.begin == t.end)
            continue;
        if (prev && t.begin < prev->end)
            corruptTensor(file, t.name, "its data overlaps tensor '" + prev->name + "'");
        prev = &t;
    }
    return out;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path)
{
    const std::string file = path.string();
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    const std::string fname = path.filename().string();
    const bool pickleIndex = fname.size() > 15 && fname.compare(fname.size() - 15, 15, ".bin.index.json") == 0;
    if (ext == ".bin" || ext == ".ckpt" || ext == ".pt" || ext == ".pth" || ext == ".pkl" || pickleIndex)
        fail(ErrorCode::UnsafeWeightsFormat,
             file + ": pickle checkpoints can run code when loaded and are never opened. Download the "
                    ".safetensors files of this model instead.");

    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        fail(err == ENOENT ? ErrorCode::FileNotFound : ErrorCode::FileUnreadable,
             file + ": cannot open (" + std::strerror(err) + ")");
    }
    struct stat sb {};
    if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        ::close(fd);
        fail(ErrorCode::FileUnreadable, file + ": not a regular file");
    }
    const auto fileSize = static_cast<std::uint64_t>(sb.st_size);
    if (fileSize < 8) {
        ::close(fd);
        corrupt(file, "file is only " + std::to_string(fileSize) + " bytes (truncated)");
    }
    void* map = ::mmap(nullptr, fileSize, PROT_READ, MAP_PRIVATE, fd, 0);
    const int mapErr = errno;
    ::close(fd); // the mapping keeps the file alive
    if (map == MAP_FAILED)
        fail(ErrorCode::FileUnreadable, file + ": cannot map (" + std::strerror(mapErr) + ")");

    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->m_path = path;
    f->m_map = static_cast<const std::uint8_t*>(map);
    f->m_mapSize = fileSize;

    std::uint64_t headerLen = 0;
    std::memcpy(&headerLen, f->m_map, 8);
    if (headerLen > kMaxHeaderBytes)
        corrupt(file, "header length " + std::to_string(headerLen) + " exceeds the 100 MB limit");
    if (headerLen > fileSize - 8)
        corrupt(file, "header length " + std::to_string(headerLen) + " runs past the end of the " +
                          std::to_string(fileSize) + "-byte file (truncated?)");
    if (headerLen < 2 || f->m_map[8] != '{')
        corrupt(file, "header does not start with a JSON object");
    f->m_dataStart = 8 + headerLen;
    const std::string header(reinterpret_cast<const char*>(f->m_map + 8), headerLen);
    f->m_tensors = parseHeader(header, fileSize - f->m_dataStart, file, &f->m_metadata);
    for (std::size_t i = 0; i < f->m_tensors.size(); ++i)
        f->m_index.emplace(f->m_tensors[i].name, i);
    return f;
}

SafetensorsFile::~SafetensorsFile()
{
    if (m_map)
        ::munmap(const_cast<std::uint8_t*>(m_map), m_mapSize);
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const std::uint8_t* SafetensorsFile::data(const TensorInfo& info) const
{
    return m_map + m_dataStart + info.begin;
}

void SafetensorsFile::releasePages(const TensorInfo& info) const
{
    if (info.end <= info.begin)
        return;
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto first = reinterpret_cast<std::uintptr_t>(data(info)) / page * page;
    const auto last = reinterpret_cast<std::uintptr_t>(data(info) + (info.end - info.begin));
    // A read-only private mapping of a file: MADV_DONTNEED drops the pages from this process only.
    ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

} // namespace i2v::st

namespace i2v::st {

bool isShardIndex(const std::filesystem::path& path)
{
    const std::string name = path.filename().string();
    const auto at = name.find(".safetensors.index.");
    return at != std::string::npos && at > 0 && name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

ShardIndex readShardIndex(const std::filesystem::path& indexFile)
{
    const std::string file = indexFile.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(indexFile, ec))
        fail(ErrorCode::FileNotFound, file + ": shard index not found");
    const auto size = std::filesystem::file_size(indexFile, ec);
    if (ec || size > kMaxHeaderBytes)
        corrupt(file, "shard index is unreadable or larger than 100 MB");
    std::string text(size, '\0');
    {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail(ErrorCode::FileUnreadable, file + ": cannot open (" + std::strerror(errno) + ")");
        std::size_t got = 0;
        while (got < text.size()) {
            const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        ::close(fd);
        text.resize(got);
    }
    if (firstInvalidUtf8(text) != std::string::npos)
        corrupt(file, "shard index is not valid UTF-8");
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        corrupt(file, std::string("shard index is not valid JSON (") + e.what() + ")");
    }
    const auto wm = root.is_object() ? root.find("weight_map") : root.end();
    if (!root.is_object() || wm == root.end() || !wm->is_object() || wm->empty())
        corrupt(file, "shard index has no \"weight_map\" object");

    ShardIndex index;
    std::set<std::filesystem::path> shards;
    for (const auto& [tensor, shard] : wm->items()) {
        if (!shard.is_string())
            corruptTensor(file, tensor, "shard name is not a string");
        const std::string name = shard.get<std::string>();
        const std::filesystem::path p(name);
        // Only plain file names: a weight map must never point outside the model folder.
        if (name.empty() || p.filename().string() != name || name == "." || name == ".." ||
            p.extension() != ".safetensors")
            corruptTensor(file, tensor, "shard '" + name + "' is not a .safetensors file in the same folder");
        const auto full = indexFile.parent_path() / p;
        index.weightMap.emplace(tensor, full);
        shards.insert(full);
    }
    index.shards.assign(shards.begin(), shards.end());
    return index;
}

} // namespace i2v::st
