#pragma once
// Errors that cross layers: a stable code (the UI translates it) plus an English detail for logs and the
// expandable "details" box. Code inside core throws I2vError; core/service catches once and turns every
// failure into an Error (see core/service/runner.cpp).

#include <stdexcept>
#include <string>
#include <string_view>

namespace i2v {

enum class ErrorCode {
    Ok = 0,
    InvalidArgument,     // a parameter out of range or an inconsistent request
    FileNotFound,        // an input path does not exist
    FileUnreadable,      // exists but cannot be read (permissions, I/O error)
    ImageCorrupt,        // not a decodable image
    ImageTooLarge,       // over the pixel-count or file-size limit
    ImageTooSmall,       // below the minimum useful size
    UnsupportedFormat,   // a file type we do not read
    ModelNotFound,       // no model folder / family for the request
    ModelInvalid,        // model folder present but incomplete or inconsistent (names the part)
    WeightsCorrupt,      // a safetensors file fails validation (names file and tensor)
    UnsafeWeightsFormat, // pickle checkpoints (.bin/.ckpt/.pt) are refused
    OutputExists,        // refusing to overwrite an existing file
    OutputUnwritable,    // output folder missing or not writable
    DiskFull,            // ENOSPC / EDQUOT while writing
    Cancelled,           // the user cancelled; nothing partial is left behind
    OutOfMemory,         // device or host allocation failed
    EncoderFailed,       // FFmpeg refused or failed to encode
    DeviceUnavailable,   // CUDA asked for but not present
    Internal,            // a bug: anything not classified above
    NetworkFailed,       // a download failed: endpoint unreachable, connection lost after retries, bad answer
    AccessDenied,        // the server refused (HTTP 401/403): a gated or private repository, or a bad token
};

// Stable machine-readable name ("image_corrupt"), used in JSON progress, logs and exit-code tables.
std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Ok;
    std::string detail;
    bool ok() const { return code == ErrorCode::Ok; }
};

class I2vError : public std::runtime_error {
public:
    I2vError(ErrorCode code, const std::string& detail) : std::runtime_error(detail), m_code(code) {}
    ErrorCode code() const { return m_code; }
    Error error() const { return {m_code, what()}; }

private:
    ErrorCode m_code;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string& detail) { throw I2vError(code, detail); }

} // namespace i2v
