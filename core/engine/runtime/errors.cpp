#include "core/engine/runtime/errors.h"

#include <c10/util/Exception.h>

#include <new>
#include <stdexcept>

namespace i2v {

namespace {

std::string firstLine(const std::string& text)
{
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

bool contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

} // namespace

ErrorCode classifyTorchMessage(const std::string& message)
{
    if (contains(message, "out of memory") || contains(message, "can't allocate memory") ||
        contains(message, "CUBLAS_STATUS_ALLOC_FAILED") || contains(message, "Tried to allocate"))
        return ErrorCode::OutOfMemory;
    if (contains(message, "no CUDA GPUs") || contains(message, "CUDA driver version is insufficient") ||
        contains(message, "Torch not compiled with CUDA") || contains(message, "not compiled with CUDA") ||
        (contains(message, "Could not run") && contains(message, "CUDA backend")))
        return ErrorCode::DeviceUnavailable;
    return ErrorCode::Internal;
}

void rethrowAsI2vError(const std::string& stage)
{
    try {
        throw;
    } catch (const I2vError&) {
        throw;
    } catch (const c10::OutOfMemoryError& e) {
        fail(ErrorCode::OutOfMemory, stage + ": out of device memory (" + firstLine(e.what_without_backtrace()) +
                                         "); try fewer frames, a smaller size or a smaller decode chunk");
    } catch (const c10::Error& e) {
        const std::string message = firstLine(e.what_without_backtrace());
        const ErrorCode code = classifyTorchMessage(message);
        if (code == ErrorCode::OutOfMemory)
            fail(code, stage + ": out of memory (" + message +
                           "); try fewer frames, a smaller size or a smaller decode chunk");
        fail(code, stage + ": " + message);
    } catch (const std::bad_alloc&) {
        fail(ErrorCode::OutOfMemory, stage + ": out of host memory; try fewer frames or a smaller size");
    } catch (const std::exception& e) {
        fail(ErrorCode::Internal, stage + ": " + firstLine(e.what()));
    } catch (...) {
        fail(ErrorCode::Internal, stage + ": unknown failure");
    }
}

} // namespace i2v
