#pragma once
// The one place where LibTorch failures become I2vError: CUDA/CPU out-of-memory -> OutOfMemory, a
// missing/failed CUDA device -> DeviceUnavailable, anything else from torch -> Internal with the first
// line of torch's message. I2vError passes through unchanged.

#include "core/base/error.h"

#include <string>
#include <utility>

namespace i2v {

// Must be called inside a catch block; rethrows the current exception as an I2vError whose detail
// starts with `stage` (e.g. "UNet step 3/50").
[[noreturn]] void rethrowAsI2vError(const std::string& stage);

// Classifies torch's message text (exposed for tests): OutOfMemory, DeviceUnavailable or Internal.
ErrorCode classifyTorchMessage(const std::string& message);

// Runs `f` and translates any failure with rethrowAsI2vError(stage).
template <typename F>
decltype(auto) withTorchErrors(const std::string& stage, F&& f)
{
    try {
        return std::forward<F>(f)();
    } catch (...) {
        rethrowAsI2vError(stage);
    }
}

} // namespace i2v
