#include "core/service/error_report.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <new>
#include <system_error>

namespace i2v {
namespace {

bool mentionsOutOfMemory(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text.find("out of memory") != std::string::npos || text.find("cudaerrormemoryallocation") != std::string::npos;
}

// First line of an exception message (torch appends multi-line backtraces).
std::string firstLine(const std::string& text)
{
    const auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl);
}

Error fromFilesystemError(const std::filesystem::filesystem_error& e)
{
    const int err = e.code().value();
    std::string where = e.path1().empty() ? std::string() : e.path1().string() + ": ";
    const std::string detail = where + e.code().message();
    if (err == ENOSPC || err == EDQUOT)
        return {ErrorCode::DiskFull, "disk full: " + detail};
    if (err == EACCES || err == EPERM || err == EROFS)
        return {ErrorCode::OutputUnwritable, detail};
    if (err == ENOENT)
        return {ErrorCode::FileNotFound, detail};
    return {ErrorCode::Internal, detail};
}

} // namespace

Error errorFromCurrentException()
{
    try {
        throw;
    } catch (const I2vError& e) {
        return e.error();
    } catch (const std::bad_alloc&) {
        return {ErrorCode::OutOfMemory, "ran out of host memory"};
    } catch (const std::filesystem::filesystem_error& e) {
        return fromFilesystemError(e);
    } catch (const std::exception& e) {
        const std::string what = firstLine(e.what());
        if (mentionsOutOfMemory(what))
            return {ErrorCode::OutOfMemory, what};
        return {ErrorCode::Internal, what.empty() ? std::string("unknown failure") : what};
    } catch (...) {
        return {ErrorCode::Internal, "unknown failure (non-standard exception)"};
    }
}

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return kExitOk;
    case ErrorCode::InvalidArgument: return kExitUsage;
    case ErrorCode::FileNotFound:
    case ErrorCode::FileUnreadable:
    case ErrorCode::ImageCorrupt:
    case ErrorCode::ImageTooLarge:
    case ErrorCode::ImageTooSmall:
    case ErrorCode::UnsupportedFormat: return kExitInput;
    case ErrorCode::ModelNotFound:
    case ErrorCode::ModelInvalid:
    case ErrorCode::WeightsCorrupt:
    case ErrorCode::UnsafeWeightsFormat:
    case ErrorCode::DeviceUnavailable: return kExitModel;
    case ErrorCode::OutputExists:
    case ErrorCode::OutputUnwritable:
    case ErrorCode::DiskFull:
    case ErrorCode::EncoderFailed: return kExitOutput;
    case ErrorCode::Cancelled: return kExitCancelled;
    case ErrorCode::OutOfMemory: return kExitOutOfMemory;
    case ErrorCode::Internal: return kExitInternal;
    case ErrorCode::NetworkFailed:
    case ErrorCode::AccessDenied: return kExitNetwork;
    }
    return kExitInternal;
}

std::string errorAdvice(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return "";
    case ErrorCode::InvalidArgument: return "Check the value; `i2v engines` lists every parameter's range.";
    case ErrorCode::FileNotFound: return "Check the path and the spelling.";
    case ErrorCode::FileUnreadable: return "Check the path, and that you may read the file.";
    case ErrorCode::ImageCorrupt: return "Open it in an image viewer and save it again, or pick another image.";
    case ErrorCode::ImageTooLarge: return "Scale the image down, or pick a smaller one.";
    case ErrorCode::ImageTooSmall: return "Use a larger image.";
    case ErrorCode::UnsupportedFormat: return "Convert it to PNG or JPEG.";
    case ErrorCode::ModelNotFound: return "Run `i2v models` to see the models found, or pass --model FOLDER.";
    case ErrorCode::ModelInvalid: return "Download the model again; the folder is incomplete.";
    case ErrorCode::WeightsCorrupt: return "Download the named file again.";
    case ErrorCode::UnsafeWeightsFormat: return "Use the .safetensors version of the model.";
    case ErrorCode::OutputExists: return "Pick another name, or use --out-dir to have one chosen for you.";
    case ErrorCode::OutputUnwritable: return "Pick a folder you can write to.";
    case ErrorCode::DiskFull: return "Free some disk space, or write to another disk.";
    case ErrorCode::Cancelled: return "Nothing was written.";
    case ErrorCode::OutOfMemory: return "Try fewer frames, a smaller size, or a smaller --decode-chunk.";
    case ErrorCode::EncoderFailed: return "Try another --format.";
    case ErrorCode::DeviceUnavailable: return "Use --device cpu, or check the GPU driver.";
    case ErrorCode::Internal: return "This is a bug; please report it with this message.";
    case ErrorCode::NetworkFailed:
        return "Check the network, HF_ENDPOINT and https_proxy, then run the same command again: it resumes.";
    case ErrorCode::AccessDenied:
        return "Accept the model's terms on its Hub page and set HF_TOKEN to an access token with read access.";
    }
    return "";
}

std::string formatErrorLine(const Error& error, const std::string& program)
{
    std::string detail = error.detail.empty() ? std::string(errorCodeName(error.code)) : error.detail;
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    while (!detail.empty() && (detail.back() == '.' || detail.back() == ' '))
        detail.pop_back();
    std::string line = program + ": error: " + detail + ".";
    const std::string advice = errorAdvice(error.code);
    if (!advice.empty())
        line += " " + advice;
    return line;
}

std::string exitCodeTable()
{
    return "  0  success\n"
           "  1  internal error (a bug)\n"
           "  2  usage: unknown flag or a parameter out of range\n"
           "  3  input file problem: missing, unreadable, corrupt, too large or too small image\n"
           "  4  model problem: unknown engine, model folder missing or invalid, device unavailable\n"
           "  5  output problem: file exists, folder not writable, disk full, encoder failed\n"
           "  6  cancelled (Ctrl-C); nothing partial is left behind\n"
           "  7  out of memory\n"
           "  8  batch: one or more lines failed; the other lines were made (see the summary)\n"
           "  9  models pull: the download failed (network, server, access denied); run it again to resume\n";
}

} // namespace i2v
